using System.Text;
using System.Text.RegularExpressions;

namespace Spaces.Tokenizers.Pipeline;

/// <summary>
/// One step of <c>tokenizer.json</c>'s <c>normalizer</c>, applied to each text segment between added tokens, as HF
/// tokenizers does. <paramref name="atStart"/> tells whether the segment begins the input (Metaspace's <c>first</c> scheme).
/// </summary>
internal abstract class TextNormalizer
{
    public abstract string Apply(string text, bool atStart);
}

/// <summary><c>NFC</c>, <c>NFD</c>, <c>NFKC</c>, <c>NFKD</c>.</summary>
internal sealed class UnicodeNormalizer(NormalizationForm form) : TextNormalizer
{
    public override string Apply(string text, bool atStart) => text.IsNormalized(form) ? text : text.Normalize(form);
}

/// <summary><c>Lowercase</c>; .NET's invariant mapping, which is Unicode's simple case mapping.</summary>
internal sealed class LowercaseNormalizer : TextNormalizer
{
    public override string Apply(string text, bool atStart) => text.ToLowerInvariant();
}

/// <summary><c>Replace</c> with a literal <c>String</c> pattern or an Oniguruma <c>Regex</c>.</summary>
internal sealed class ReplaceNormalizer(string? literal, Regex? regex, string content) : TextNormalizer
{
    public override string Apply(string text, bool atStart) =>
        literal is not null ? text.Replace(literal, content, StringComparison.Ordinal) : regex!.Replace(text, content.Replace("$", "$$", StringComparison.Ordinal));
}

/// <summary><c>Prepend</c>: the prefix before any non-empty segment.</summary>
internal sealed class PrependNormalizer(string prefix) : TextNormalizer
{
    public override string Apply(string text, bool atStart) => text.Length == 0 ? text : prefix + text;
}

/// <summary><c>Strip</c>: whitespace removed from the left and/or right.</summary>
internal sealed class StripNormalizer(bool left, bool right) : TextNormalizer
{
    public override string Apply(string text, bool atStart) => (left, right) switch
    {
        (true, true) => text.Trim(),
        (true, false) => text.TrimStart(),
        (false, true) => text.TrimEnd(),
        _ => text,
    };
}

/// <summary>
/// The text half of the <c>Metaspace</c> pre-tokenizer (Llama 2 style files without a normalizer): spaces become
/// <paramref name="replacement"/>, prepended per <c>prepend_scheme</c> (<c>always</c>, <c>first</c>: only to the segment
/// that begins the input, <c>never</c>) unless the segment already starts with it. Its split is a <see cref="SplitPreTokenizer"/>.
/// </summary>
internal sealed class MetaspaceNormalizer(char replacement, string prependScheme) : TextNormalizer
{
    public override string Apply(string text, bool atStart)
    {
        var replaced = text.Replace(' ', replacement);
        var prepend = prependScheme == "always" || (prependScheme == "first" && atStart);
        return prepend && replaced.Length > 0 && replaced[0] != replacement ? replacement + replaced : replaced;
    }
}

/// <summary><c>Sequence</c>: each normalizer in turn.</summary>
internal sealed class SequenceNormalizer(IReadOnlyList<TextNormalizer> steps) : TextNormalizer
{
    public override string Apply(string text, bool atStart)
    {
        foreach (var step in steps)
        {
            text = step.Apply(text, atStart);
        }
        return text;
    }
}
