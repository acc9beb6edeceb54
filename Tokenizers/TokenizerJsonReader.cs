using System.Text.Json;

namespace Spaces.Tokenizers;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> of the GPT-2 family: a BPE model with a ByteLevel pre-tokenizer.
/// Anything that would change the ids and is not implemented (another model type, a normalizer, another pre-tokenizer,
/// dropout, subword prefixes or suffixes) is refused with a message rather than silently ignored. The post-processor and
/// decoder are not read: GPT-2's ByteLevel ones add no tokens and decode bytes, which is what this tokenizer does.
/// </summary>
internal static class TokenizerJsonReader
{
    private const string File = "tokenizer.json";

    public static BpeModelDefinition Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException($"{File} is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed($"the top level is {root.ValueKind}, not an object");
            }
            if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("it has no \"model\" object");
            }
            CheckModel(model);
            RefuseNormalizer(root);
            var addPrefixSpace = ReadByteLevelPreTokenizer(root);
            var vocabulary = JsonVocabulary.Read(Required(model, "vocab", JsonValueKind.Object, "model.vocab"), $"{File} model.vocab");
            var merges = ReadMerges(Required(model, "merges", JsonValueKind.Array, "model.merges"));
            var addedTokens = root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array
                ? ReadAddedTokens(added)
                : [];
            var ignoreMerges = model.TryGetProperty("ignore_merges", out var ignore) && ignore.ValueKind == JsonValueKind.True;
            return new BpeModelDefinition(vocabulary, merges, addedTokens, addPrefixSpace, ignoreMerges, File);
        }
    }

    private static void CheckModel(JsonElement model)
    {
        // Old files have no "type"; HF accepts them as BPE when the fields fit.
        if (model.TryGetProperty("type", out var type) && type.GetString() is { } name && name != "BPE")
        {
            throw Malformed($"model.type is \"{name}\"; only BPE is supported");
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

    private static void RefuseNormalizer(JsonElement root)
    {
        if (root.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind != JsonValueKind.Null)
        {
            throw Malformed($"it has a normalizer ({TypeOf(normalizer)}); only GPT-2's (none) is supported");
        }
    }

    /// <summary>The ByteLevel pre-tokenizer's <c>add_prefix_space</c>; defaults follow HF's <c>ByteLevel::default()</c>.</summary>
    private static bool ReadByteLevelPreTokenizer(JsonElement root)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind != JsonValueKind.Object || TypeOf(pre) != "ByteLevel")
        {
            var found = root.TryGetProperty("pre_tokenizer", out var any) && any.ValueKind == JsonValueKind.Object ? TypeOf(any) : "none";
            throw Malformed($"pre_tokenizer is {found}; only ByteLevel with GPT-2's regex is supported");
        }
        if (pre.TryGetProperty("use_regex", out var useRegex) && useRegex.ValueKind == JsonValueKind.False)
        {
            throw Malformed("pre_tokenizer.use_regex is false; only GPT-2's regex splitting is supported");
        }
        return !pre.TryGetProperty("add_prefix_space", out var prefix) || prefix.ValueKind != JsonValueKind.False;
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

    private static List<AddedToken> ReadAddedTokens(JsonElement added)
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

    private static string TypeOf(JsonElement element) =>
        element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "an untyped object";

    private static TokenizerFormatException Malformed(string fault) => new($"{File}: {fault}");
}
