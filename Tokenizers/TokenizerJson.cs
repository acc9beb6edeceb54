using System.Text.Json;

namespace Spaces.Tokenizers;

/// <summary>Looks inside a Hugging Face <c>tokenizer.json</c> before choosing what loads it.</summary>
public static class TokenizerJson
{
    /// <exception cref="TokenizerFormatException">The stream is not JSON.</exception>
    public static JsonDocument Parse(Stream stream) => TokenizerJsonReader.Parse(stream);

    /// <summary><c>model.type</c> (<c>BPE</c>, <c>WordPiece</c>, <c>Unigram</c>, …), or <c>BPE</c> for old files without one, as HF reads them.</summary>
    public static string ModelType(JsonElement root) => TokenizerJsonReader.ModelType(root);
}
