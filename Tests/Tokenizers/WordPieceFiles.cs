namespace Spaces.Tests.Tokenizers;

/// <summary>A tiny BERT vocabulary, as vocab.txt and as a WordPiece tokenizer.json, for the ML.Tokenizers-backed loaders.</summary>
public static class WordPieceFiles
{
    public static readonly string[] Tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s", ",", "\"", "quoted", "word"];

    public static string VocabTxt => string.Join('\n', Tokens) + "\n";

    public static string TokenizerJson =>
        "{\"normalizer\":{\"type\":\"BertNormalizer\",\"lowercase\":true},\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"vocab\":{"
        + string.Join(",", Tokens.Select((t, i) => $"{System.Text.Json.JsonSerializer.Serialize(t)}:{i}")) + "}}}";
}
