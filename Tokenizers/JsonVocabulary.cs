using System.Text.Json;

namespace Spaces.Tokenizers;

/// <summary>A vocabulary object <c>{"token": id, …}</c>, as in vocab.json and tokenizer.json's <c>model.vocab</c>.</summary>
internal static class JsonVocabulary
{
    public static Dictionary<string, int> Read(JsonElement vocab, string where)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocab.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
            {
                throw new TokenizerFormatException(
                    $"{where}: the id of \"{entry.Name}\" is {entry.Value.GetRawText()}, not a non-negative integer");
            }
            if (!result.TryAdd(entry.Name, id))
            {
                throw new TokenizerFormatException($"{where}: the token \"{entry.Name}\" appears twice");
            }
        }
        if (result.Count == 0)
        {
            throw new TokenizerFormatException($"{where}: the vocabulary is empty");
        }
        return result;
    }
}
