using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Spaces.Tokenizers.Pipeline;

/// <summary>
/// Reads <c>tokenizer.json</c>'s <c>normalizer</c>, <c>pre_tokenizer</c> and <c>post_processor</c> into the pipeline.
/// A type that is not implemented is refused ("… is not supported") rather than ignored, since it would change the ids.
/// </summary>
internal static class PipelineJsonReader
{
    /// <summary>The pipeline, or null when the file has GPT-2's shape (no normalizer, a lone ByteLevel using its regex).</summary>
    public static TextPipeline? Read(JsonElement root, out bool byteLevel, out bool addPrefixSpace)
    {
        var normalizers = new List<TextNormalizer>();
        if (root.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind == JsonValueKind.Object)
        {
            AddNormalizer(normalizer, normalizers);
        }
        var preTokenizers = new List<JsonElement>();
        if (root.TryGetProperty("pre_tokenizer", out var pre) && pre.ValueKind == JsonValueKind.Object)
        {
            Flatten(pre, preTokenizers);
        }
        byteLevel = preTokenizers.Any(p => TypeOf(p) == "ByteLevel");
        addPrefixSpace = false;
        var steps = new List<PreTokenizer>();
        for (var i = 0; i < preTokenizers.Count; i++)
        {
            var step = preTokenizers[i];
            switch (TypeOf(step))
            {
                case "ByteLevel":
                    // HF's ByteLevel defaults: add_prefix_space and use_regex true.
                    if (Flag(step, "add_prefix_space", defaultValue: true))
                    {
                        addPrefixSpace = i == 0
                            ? true
                            : throw Unsupported("pre_tokenizer ByteLevel with add_prefix_space after another pre-tokenizer");
                    }
                    if (Flag(step, "use_regex", defaultValue: true))
                    {
                        steps.Add(new Gpt2RegexPreTokenizer());
                    }
                    break;
                case "Split":
                    steps.Add(ReadSplit(step));
                    break;
                case "Metaspace" when i == 0:
                    var replacement = step.TryGetProperty("replacement", out var r) && r.GetString() is [var c] ? c : '\u2581';
                    var scheme = step.TryGetProperty("prepend_scheme", out var s) && s.GetString() is { } name ? name
                        : Flag(step, "add_prefix_space", defaultValue: true) ? "always" : "never";
                    normalizers.Add(new MetaspaceNormalizer(replacement, scheme));
                    if (Flag(step, "split", defaultValue: true))
                    {
                        steps.Add(new SplitPreTokenizer(Literal(replacement.ToString()), SplitBehavior.MergedWithNext, invert: false));
                    }
                    break;
                default:
                    throw Unsupported($"pre_tokenizer {TypeOf(step)}{(TypeOf(step) == "Metaspace" ? " after another pre-tokenizer" : "")}");
            }
        }
        if (normalizers.Count == 0 && preTokenizers.Count == 1 && byteLevel && steps is [Gpt2RegexPreTokenizer])
        {
            return null;
        }
        if (addPrefixSpace)
        {
            normalizers.Add(new PrefixSpaceNormalizer());
        }
        var combined = normalizers.Count switch { 0 => null, 1 => normalizers[0], _ => new SequenceNormalizer(normalizers) };
        return new TextPipeline(combined, steps.Count switch { 0 => null, 1 => steps[0], _ => new SequencePreTokenizer(steps) });
    }

    /// <summary>The normalizer alone, to check that an added token marked <c>normalized</c> is unchanged by it.</summary>
    public static TextNormalizer? ReadNormalizer(JsonElement root)
    {
        var normalizers = new List<TextNormalizer>();
        if (root.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind == JsonValueKind.Object)
        {
            AddNormalizer(normalizer, normalizers);
        }
        return normalizers.Count == 0 ? null : new SequenceNormalizer(normalizers);
    }

    private static void AddNormalizer(JsonElement normalizer, List<TextNormalizer> into)
    {
        switch (TypeOf(normalizer))
        {
            case "Sequence":
                foreach (var step in Array(normalizer, "normalizers"))
                {
                    AddNormalizer(step, into);
                }
                break;
            case "NFC":
                into.Add(new UnicodeNormalizer(NormalizationForm.FormC));
                break;
            case "NFD":
                into.Add(new UnicodeNormalizer(NormalizationForm.FormD));
                break;
            case "NFKC":
                into.Add(new UnicodeNormalizer(NormalizationForm.FormKC));
                break;
            case "NFKD":
                into.Add(new UnicodeNormalizer(NormalizationForm.FormKD));
                break;
            case "Lowercase":
                into.Add(new LowercaseNormalizer());
                break;
            case "Prepend":
                into.Add(new PrependNormalizer(String(normalizer, "prepend")));
                break;
            case "Strip":
                into.Add(new StripNormalizer(Flag(normalizer, "strip_left", true), Flag(normalizer, "strip_right", true)));
                break;
            case "Replace":
                var pattern = normalizer.GetProperty("pattern");
                var content = String(normalizer, "content");
                into.Add(pattern.TryGetProperty("String", out var literal)
                    ? new ReplaceNormalizer(literal.GetString() ?? "", null, content)
                    : new ReplaceNormalizer(null, Regex(pattern), content));
                break;
            default:
                throw Unsupported($"normalizer {TypeOf(normalizer)}");
        }
    }

    private static PreTokenizer ReadSplit(JsonElement split)
    {
        var pattern = split.GetProperty("pattern");
        if (pattern.TryGetProperty("Regex", out var source) && source.GetString() is { } known && Cl100kPreTokenizer.For(known) is { } scanner
            && String(split, "behavior") == "Isolated" && !Flag(split, "invert", false))
        {
            return scanner;
        }
        var regex = pattern.TryGetProperty("String", out var literal) ? Literal(literal.GetString() ?? "") : Regex(pattern);
        var behavior = String(split, "behavior") switch
        {
            "Removed" => SplitBehavior.Removed,
            "Isolated" => SplitBehavior.Isolated,
            "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
            "MergedWithNext" => SplitBehavior.MergedWithNext,
            "Contiguous" => SplitBehavior.Contiguous,
            var other => throw Unsupported($"pre_tokenizer Split behavior \"{other}\""),
        };
        return new SplitPreTokenizer(regex, behavior, Flag(split, "invert", false));
    }

    /// <summary>The post-processor's ids around one sequence; token names are looked up in its own table or the vocabulary.</summary>
    public static SpecialTokenTemplate ReadTemplate(JsonElement root, Func<string, int> idOf)
    {
        if (!root.TryGetProperty("post_processor", out var post) || post.ValueKind != JsonValueKind.Object)
        {
            return SpecialTokenTemplate.None;
        }
        var prefix = new List<int>();
        var suffix = new List<int>();
        AddTemplate(post, prefix, suffix, idOf);
        return new SpecialTokenTemplate(prefix, suffix);
    }

    private static void AddTemplate(JsonElement post, List<int> prefix, List<int> suffix, Func<string, int> idOf)
    {
        switch (TypeOf(post))
        {
            case "ByteLevel":
                break;
            case "Sequence":
                foreach (var step in Array(post, "processors"))
                {
                    AddTemplate(step, prefix, suffix, idOf);
                }
                break;
            case "BertProcessing" or "RobertaProcessing":
                // "cls": ["[CLS]", 101], "sep": ["[SEP]", 102]
                prefix.Add(post.GetProperty("cls")[1].GetInt32());
                suffix.Add(post.GetProperty("sep")[1].GetInt32());
                break;
            case "TemplateProcessing":
                var specials = post.TryGetProperty("special_tokens", out var table) ? table : default;
                var target = prefix;
                foreach (var item in Array(post, "single"))
                {
                    if (item.TryGetProperty("Sequence", out _))
                    {
                        target = suffix;
                    }
                    else if (item.TryGetProperty("SpecialToken", out var special))
                    {
                        var name = String(special, "id");
                        if (specials.ValueKind == JsonValueKind.Object && specials.TryGetProperty(name, out var entry))
                        {
                            target.AddRange(entry.GetProperty("ids").EnumerateArray().Select(id => id.GetInt32()));
                        }
                        else
                        {
                            target.Add(idOf(name));
                        }
                    }
                }
                break;
            default:
                throw Unsupported($"post_processor {TypeOf(post)}");
        }
    }

    private static void Flatten(JsonElement pre, List<JsonElement> into)
    {
        if (TypeOf(pre) == "Sequence")
        {
            foreach (var step in Array(pre, "pretokenizers"))
            {
                Flatten(step, into);
            }
        }
        else
        {
            into.Add(pre);
        }
    }

    private static Regex Literal(string text) => new(System.Text.RegularExpressions.Regex.Escape(text), RegexOptions.CultureInvariant);

    private static Regex Regex(JsonElement pattern)
    {
        var source = pattern.TryGetProperty("Regex", out var regex) ? regex.GetString() : null;
        if (source is null)
        {
            throw new TokenizerFormatException($"tokenizer.json: a pattern is neither {{\"String\": …}} nor {{\"Regex\": …}}: {pattern.GetRawText()}");
        }
        try
        {
            return OnigurumaPattern.Compile(source);
        }
        catch (NotSupportedException e)
        {
            throw new TokenizerFormatException($"tokenizer.json: {e.Message}", e);
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static bool Flag(JsonElement parent, string name, bool defaultValue) =>
        parent.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.True || (value.ValueKind != JsonValueKind.False && defaultValue) : defaultValue;

    private static string String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.GetString() is { } text
            ? text
            : throw new TokenizerFormatException($"tokenizer.json: {TypeOf(parent)} has no string \"{name}\"");

    public static string TypeOf(JsonElement element) =>
        element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "an untyped object";

    private static TokenizerFormatException Unsupported(string what) => new($"tokenizer.json: {what} is not supported");
}

/// <summary>ByteLevel's <c>add_prefix_space</c> in the general pipeline: a space before a segment not starting with one.</summary>
internal sealed class PrefixSpaceNormalizer : TextNormalizer
{
    public override string Apply(string text, bool atStart) => text.Length == 0 || text[0] == ' ' ? text : " " + text;
}
