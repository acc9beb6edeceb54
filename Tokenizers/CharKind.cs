using System.Globalization;
using System.Text;

namespace Spaces.Tokenizers;

/// <summary>The four classes GPT-2's pre-tokenization regex distinguishes: <c>\p{L}</c>, <c>\p{N}</c>, <c>\s</c> and the rest.</summary>
internal enum CharKind : byte
{
    Other,
    Letter,
    Number,
    Space,
}

/// <summary>
/// Classifies code points, not UTF-16 units: a surrogate pair is looked up as one <see cref="Rune"/>, so CJK Extension B
/// ideographs count as letters, as they do for Python's <c>regex</c>, Rust's <c>regex</c> and JavaScript's <c>/u</c> regexes.
/// </summary>
internal static class CharKinds
{
    /// <summary>One entry per BMP char, computed once (64 KB) so the scanner's hot loop is a single array load.</summary>
    private static readonly CharKind[] Bmp = BuildBmpTable();

    /// <summary>The kind of the code point starting at <paramref name="index"/> and its width in chars (1 or 2).</summary>
    public static CharKind At(ReadOnlySpan<char> text, int index, out int width)
    {
        var c = text[index];
        if (!char.IsSurrogate(c))
        {
            width = 1;
            return Bmp[c];
        }
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            width = 2;
            return Classify(new Rune(c, text[index + 1]));
        }
        // A lone surrogate is encoded as U+FFFD (a symbol), as JavaScript's TextEncoder and .NET's UTF-8 encoder do.
        width = 1;
        return CharKind.Other;
    }

    private static CharKind Classify(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune))
        {
            return CharKind.Space;
        }
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharKind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharKind.Number,
            _ => CharKind.Other,
        };
    }

    private static CharKind[] BuildBmpTable()
    {
        var table = new CharKind[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            table[c] = char.IsSurrogate((char)c) ? CharKind.Other : Classify(new Rune(c));
        }
        return table;
    }
}
