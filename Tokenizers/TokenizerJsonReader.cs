using System.Text.Json;
using Spaces.Tokenizers.Pipeline;

namespace Spaces.Tokenizers;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> with a BPE model: byte-level (GPT-2, Llama 3, Qwen, DeepSeek) or over text
/// pieces with byte fallback (Llama 2, Mistral, Gemma). Anything that would change the ids and is not implemented (another
/// model type, dropout, subword prefixes or suffixes, an unknown normalizer or pre-tokenizer) is refused with a message
/// ending "is not supported" rather than silently ignored. The decoder is not read (see <see cref="BpeTokenizer.Decode"/>).
/// </summary>
internal static class TokenizerJsonReader
{
    private const string File = "tokenizer.json";

    public static BpeModelDefinition Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var document = Parse(stream);
        return Read(document.RootElement);
    }

    public static JsonDocument Parse(Stream stream)
    {
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException($"{File} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary><c>model.type</c>, or "BPE" for old files without one.</summary>
    public static string ModelType(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.Object
            && model.TryGetProperty("type", out var type) && type.GetString() is { } name
            ? name
            : "BPE";

    public static BpeModelDefinition Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"the top level is {root.ValueKind}, not an object");
        }
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("it has no \"model\" object");
        }
        CheckModel(model);
        var pipeline = PipelineJsonReader.Read(root, out var byteLevel, out var addPrefixSpace);
        var vocabulary = JsonVocabulary.Read(Required(model, "vocab", JsonValueKind.Object, "model.vocab"), $"{File} model.vocab");
        var merges = ReadMerges(Required(model, "merges", JsonValueKind.Array, "model.merges"));
        var addedTokens = root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array
            ? ReadAddedTokens(added, PipelineJsonReader.ReadNormalizer(root))
            : [];
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in addedTokens)
        {
            ids.TryAdd(token.Content, token.Id);
        }
        var template = PipelineJsonReader.ReadTemplate(root, name => ids.TryGetValue(name, out var id) || vocabulary.TryGetValue(name, out id)
            ? id
            : throw Malformed($"the post-processor names the token \"{name}\", which is neither an added token nor in the vocabulary"));
        return new BpeModelDefinition(vocabulary, merges, addedTokens, addPrefixSpace && pipeline is null, Flag(model, "ignore_merges"), File)
        {
            Pipeline = pipeline,
            ByteLevel = byteLevel,
            ByteFallback = Flag(model, "byte_fallback"),
            FuseUnk = Flag(model, "fuse_unk"),
            UnkToken = model.TryGetProperty("unk_token", out var unk) && unk.ValueKind == JsonValueKind.String ? unk.GetString() : null,
            Template = template,
        };
    }

    private static bool Flag(JsonElement model, string name) => model.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static void CheckModel(JsonElement model)
    {
        // Old files have no "type"; HF accepts them as BPE when the fields fit.
        if (model.TryGetProperty("type", out var type) && type.GetString() is { } name && name != "BPE")
        {
            throw Malformed($"model.type \"{name}\" is not supported by the BPE tokenizer");
        }
        if (model.TryGetProperty("dropout", out var dropout) && dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() != 0)
        {
            throw Malformed("model.dropout is set; BPE dropout makes ids random and is not supported");
        }
        foreach (var affix in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (model.TryGetProperty(affix, out var value) && value.ValueKind == JsonValueKind.String
                && value.GetString() is { Length: > 0 })
            {
                throw Malformed($"model.{affix} is \"{value.GetString()}\"; byte-level BPE with subword affixes is not supported");
            }
        }
    }

    /// <summary>Both forms HF accepts: legacy <c>"left right"</c> strings and <c>["left", "right"]</c> pairs.</summary>
    private static List<(string, string)> ReadMerges(JsonElement merges)
    {
        var result = new List<(string, string)>(merges.GetArrayLength());
        var index = 0;
        foreach (var merge in merges.EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.String)
            {
                var parts = merge.GetString()!.Split(' ');
                if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                {
                    throw Malformed($"model.merges[{index}] \"{merge.GetString()}\" is not two tokens separated by one space");
                }
                result.Add((parts[0], parts[1]));
            }
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
            {
                result.Add((merge[0].GetString()!, merge[1].GetString()!));
            }
            else
            {
                throw Malformed($"model.merges[{index}] is {merge.GetRawText()}, neither \"left right\" nor [\"left\", \"right\"]");
            }
            index++;
        }
        return result;
    }

    /// <summary>
    /// Added tokens are matched in the raw text. One marked <c>normalized</c> is matched by HF in the normalized text instead;
    /// that is the same only when the normalizer leaves its content unchanged, so any other is refused.
    /// </summary>
    private static List<AddedToken> ReadAddedTokens(JsonElement added, TextNormalizer? normalizer)
    {
        var result = new List<AddedToken>();
        var index = 0;
        foreach (var token in added.EnumerateArray())
        {
            if (token.ValueKind != JsonValueKind.Object
                || !token.TryGetProperty("id", out var id) || !id.TryGetInt32(out var idValue) || idValue < 0
                || !token.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String
                || content.GetString() is not { Length: > 0 } text)
            {
                throw Malformed(
                    $"added_tokens[{index}] needs a non-negative integer \"id\" and a non-empty string \"content\": {token.GetRawText()}");
            }
            var special = token.TryGetProperty("special", out var flag) && flag.ValueKind == JsonValueKind.True;
            if (!special && (Flag(token, "lstrip") || Flag(token, "rstrip") || Flag(token, "single_word")))
            {
                throw Malformed($"added_tokens[{index}] \"{text}\" is not special and has lstrip, rstrip or single_word; that is not supported");
            }
            if (normalizer is not null && Flag(token, "normalized") && normalizer.Apply(text, atStart: false) != text)
            {
                throw Malformed($"added_tokens[{index}] \"{text}\" is matched after normalization, which changes it; that is not supported");
            }
            result.Add(new AddedToken(idValue, text, special));
            index++;
        }
        return result;
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != kind)
        {
            throw Malformed($"{path} is missing or not an {kind.ToString().ToLowerInvariant()}");
        }
        return value;
    }

    private static TokenizerFormatException Malformed(string fault) => new($"{File}: {fault}");
}
