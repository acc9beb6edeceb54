using System.Text;
using System.Text.Json;

namespace Spaces.Tokenizers;

/// <summary>Reads OpenAI's pair of files: <c>vocab.json</c> (encoder.json) and <c>merges.txt</c> (vocab.bpe).</summary>
internal static class VocabMergesReader
{
    public static BpeModelDefinition Read(Stream vocabJson, Stream mergesText, IEnumerable<string> specialTokens)
    {
        ArgumentNullException.ThrowIfNull(vocabJson);
        ArgumentNullException.ThrowIfNull(mergesText);
        ArgumentNullException.ThrowIfNull(specialTokens);
        Dictionary<string, int> vocabulary;
        try
        {
            using var document = JsonDocument.Parse(vocabJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new TokenizerFormatException(
                    $"vocab.json: the top level is {document.RootElement.ValueKind}, not an object of token → id");
            }
            vocabulary = JsonVocabulary.Read(document.RootElement, "vocab.json");
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException($"vocab.json is not valid JSON: {e.Message}", e);
        }
        var added = new List<AddedToken>();
        foreach (var special in specialTokens)
        {
            added.Add(vocabulary.TryGetValue(special, out var id)
                ? new AddedToken(id, special, Special: true)
                : throw new TokenizerFormatException($"vocab.json has no token \"{special}\", named as a special token"));
        }
        return new BpeModelDefinition(
            vocabulary, ReadMerges(mergesText), added, AddPrefixSpace: false, IgnoreMerges: false, "vocab.json + merges.txt");
    }

    /// <summary>
    /// One <c>left right</c> pair per line in priority order. A first line starting with <c>#version</c> is a header, and blank
    /// lines (the trailing one) are skipped; any other line must be exactly two tokens separated by one space, as HF requires.
    /// </summary>
    private static List<(string, string)> ReadMerges(Stream mergesText)
    {
        using var reader = new StreamReader(mergesText, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var merges = new List<(string, string)>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)))
            {
                continue;
            }
            var space = line.IndexOf(' ');
            if (space <= 0 || space == line.Length - 1 || line.IndexOf(' ', space + 1) >= 0)
            {
                throw new TokenizerFormatException($"merges.txt line {lineNumber}: \"{line}\" is not two tokens separated by one space");
            }
            merges.Add((line[..space], line[(space + 1)..]));
        }
        return merges;
    }
}
