using System.Text.Json;

namespace Spaces.Tokenizers;

public sealed partial class BpeTokenizer
{
    /// <summary>Loads a Hugging Face <c>tokenizer.json</c> with a BPE model; the caller owns the stream.</summary>
    /// <exception cref="TokenizerFormatException">The file is malformed or uses a feature this tokenizer does not implement.</exception>
    public static BpeTokenizer FromTokenizerJson(Stream tokenizerJson, BpeTokenizerOptions? options = null) =>
        new(TokenizerJsonReader.Read(tokenizerJson), options ?? new BpeTokenizerOptions());

    /// <summary>Loads an already parsed <c>tokenizer.json</c> (see <see cref="TokenizerJson"/>).</summary>
    /// <exception cref="TokenizerFormatException">The file is malformed or uses a feature this tokenizer does not implement.</exception>
    public static BpeTokenizer FromTokenizerJson(JsonElement tokenizerJson, BpeTokenizerOptions? options = null) =>
        new(TokenizerJsonReader.Read(tokenizerJson), options ?? new BpeTokenizerOptions());

    /// <summary>
    /// Loads OpenAI's <c>vocab.json</c> (encoder.json) and <c>merges.txt</c> (vocab.bpe). Neither file marks special
    /// tokens, so name them in <paramref name="specialTokens"/> (for GPT-2: <c>&lt;|endoftext|&gt;</c>); each must be in the vocabulary.
    /// </summary>
    /// <exception cref="TokenizerFormatException">A file is malformed, or a special token is not in the vocabulary.</exception>
    public static BpeTokenizer FromVocabAndMerges(
        Stream vocabJson, Stream mergesText, IEnumerable<string>? specialTokens = null, BpeTokenizerOptions? options = null) =>
        new(VocabMergesReader.Read(vocabJson, mergesText, specialTokens ?? []), options ?? new BpeTokenizerOptions());
}
