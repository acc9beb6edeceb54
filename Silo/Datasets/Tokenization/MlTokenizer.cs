using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using Spaces.Tokenizers;

namespace Spaces.Silo.Datasets.Tokenization;

/// <summary>
/// The tokenizer families Spaces.Tokenizers leaves to Microsoft.ML.Tokenizers: WordPiece (BERT), SentencePiece
/// <c>tokenizer.model</c> files and OpenAI's tiktoken encodings (their data from the Microsoft.ML.Tokenizers.Data.* packages,
/// so they load offline). Unlike <see cref="BpeTokenizer"/>, these recognise their special tokens in text whatever
/// <c>allowSpecialTokens</c> says; <c>addSpecialTokens</c> adds BERT's [CLS] … [SEP] and SentencePiece's BOS.
/// </summary>
public sealed class MlTokenizer : ITextTokenizer
{
    /// <summary>The tiktoken encodings loadable by name, without the Hub.</summary>
    public static readonly IReadOnlySet<string> TiktokenEncodings = new HashSet<string>(StringComparer.Ordinal)
    {
        "cl100k_base", "o200k_base", "r50k_base",
    };

    private readonly Tokenizer _inner;

    private MlTokenizer(Tokenizer inner, int vocabSize)
    {
        _inner = inner;
        VocabSize = vocabSize;
    }

    public int VocabSize { get; }

    public static MlTokenizer Tiktoken(string encoding) => Loading(encoding, () =>
    {
        var tokenizer = TiktokenTokenizer.CreateForEncoding(encoding);
        // The vocabulary is not public; in these three encodings the special tokens hold the highest ids.
        return new MlTokenizer(tokenizer, Size([], tokenizer.SpecialTokens?.Values));
    });

    /// <summary>A SentencePiece model (<c>tokenizer.model</c>), BPE or Unigram.</summary>
    public static MlTokenizer SentencePiece(Stream model) => Loading("tokenizer.model", () =>
    {
        var tokenizer = SentencePieceTokenizer.Create(model, addBeginningOfSentence: true, addEndOfSentence: false);
        return new MlTokenizer(tokenizer, Size(tokenizer.Vocabulary.Values, tokenizer.SpecialTokens?.Values));
    });

    /// <summary>BERT's <c>vocab.txt</c>, one token per line, the line number being its id.</summary>
    public static MlTokenizer Bert(Stream vocabulary, bool lowercase = true) => Loading("vocab.txt", () =>
    {
        using var copy = new MemoryStream();
        vocabulary.CopyTo(copy);
        var lines = Encoding.UTF8.GetString(copy.ToArray()).Split('\n').Count(line => line.Length > 0);
        copy.Position = 0;
        var tokenizer = BertTokenizer.Create(copy, new BertOptions { LowerCaseBeforeTokenization = lowercase, RemoveNonSpacingMarks = lowercase });
        return new MlTokenizer(tokenizer, lines);
    });

    /// <summary>ML.Tokenizers reports a malformed file with the framework's exceptions; they become a message naming the file.</summary>
    private static MlTokenizer Loading(string file, Func<MlTokenizer> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or IOException)
        {
            throw new TokenizerFormatException($"{file}: {e.Message}", e);
        }
    }

    /// <summary>A WordPiece <c>tokenizer.json</c>: its vocabulary written out as vocab.txt, lower-casing as its BertNormalizer says.</summary>
    public static MlTokenizer WordPiece(JsonElement root)
    {
        var vocabulary = root.GetProperty("model").GetProperty("vocab").EnumerateObject()
            .Select(entry => (Token: entry.Name, Id: entry.Value.GetInt32())).OrderBy(entry => entry.Id).ToList();
        if (vocabulary.Select((entry, index) => entry.Id != index).Any(gap => gap))
        {
            throw new TokenizerFormatException("tokenizer.json: a WordPiece vocabulary whose ids are not 0, 1, 2, … is not supported");
        }
        var lowercase = !root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind != JsonValueKind.Object
            || !normalizer.TryGetProperty("lowercase", out var flag) || flag.ValueKind != JsonValueKind.False;
        using var text = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', vocabulary.Select(entry => entry.Token)) + "\n"));
        return Bert(text, lowercase);
    }

    public void Encode(ReadOnlySpan<char> text, List<int> destination, bool allowSpecialTokens = false, bool addSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        IReadOnlyList<int> ids = _inner switch
        {
            BertTokenizer bert => bert.EncodeToIds(text, addSpecialTokens, considerPreTokenization: true, considerNormalization: true),
            SentencePieceTokenizer sentencePiece => sentencePiece.EncodeToIds(
                text, addBeginningOfSentence: addSpecialTokens, addEndOfSentence: false, considerPreTokenization: true, considerNormalization: true),
            _ => _inner.EncodeToIds(text),
        };
        destination.AddRange(ids);
    }

    private static int Size(IEnumerable<int> ids, IEnumerable<int>? specialIds) => ids.Concat(specialIds ?? []).DefaultIfEmpty(-1).Max() + 1;
}
