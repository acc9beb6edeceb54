using System.Globalization;
using System.Text;

namespace Spaces.Tokenizers.Pipeline;

/// <summary>
/// .NET's Regex matches UTF-16 units, so <c>\p{L}</c> never matches a letter outside the BMP (CJK Extension B, math letters),
/// while Oniguruma (HF tokenizers) and JavaScript's <c>/u</c> regexes match code points. This builds the surrogate-pair
/// alternation for the astral code points of a class, so a translated pattern matches what the original does.
/// </summary>
internal static class AstralClasses
{
    private const int FirstAstral = 0x10000;

    /// <summary>A regex matching one astral code point (as a surrogate pair) for which <paramref name="matches"/> holds; null if none.</summary>
    public static string? Alternation(Func<int, bool> matches)
    {
        // High surrogate → the ranges of low surrogates it pairs with, then runs of highs with equal low ranges collapsed.
        var byHigh = new List<(int High, string Lows)>();
        for (var high = 0; high < 1024; high++)
        {
            var lows = new StringBuilder();
            var start = -1;
            for (var low = 0; low <= 1024; low++)
            {
                var inside = low < 1024 && matches(FirstAstral + (high << 10) + low);
                if (inside && start < 0)
                {
                    start = low;
                }
                else if (!inside && start >= 0)
                {
                    lows.Append(Unit(0xDC00 + start));
                    if (low - 1 > start)
                    {
                        lows.Append('-').Append(Unit(0xDC00 + low - 1));
                    }
                    start = -1;
                }
            }
            if (lows.Length > 0)
            {
                byHigh.Add((high, lows.ToString()));
            }
        }
        if (byHigh.Count == 0)
        {
            return null;
        }
        var alternatives = new List<string>();
        for (var i = 0; i < byHigh.Count;)
        {
            var j = i;
            while (j + 1 < byHigh.Count && byHigh[j + 1].High == byHigh[j].High + 1 && byHigh[j + 1].Lows == byHigh[i].Lows)
            {
                j++;
            }
            var highs = j == i ? Unit(0xD800 + byHigh[i].High) : $"[{Unit(0xD800 + byHigh[i].High)}-{Unit(0xD800 + byHigh[j].High)}]";
            alternatives.Add($"{highs}[{byHigh[i].Lows}]");
            i = j + 1;
        }
        // The lookahead lets a BMP char fail at once instead of trying every alternative.
        return $"(?=[\\uD800-\\uDBFF])(?:{string.Join('|', alternatives)})";
    }

    /// <summary>The Unicode general categories a property name stands for (<c>L</c>, <c>Lu</c>, <c>Letter</c>, …), or null.</summary>
    public static UnicodeCategory[]? Categories(string property) => property switch
    {
        "L" or "Letter" => [UnicodeCategory.UppercaseLetter, UnicodeCategory.LowercaseLetter, UnicodeCategory.TitlecaseLetter,
            UnicodeCategory.ModifierLetter, UnicodeCategory.OtherLetter],
        "Lu" => [UnicodeCategory.UppercaseLetter],
        "Ll" => [UnicodeCategory.LowercaseLetter],
        "Lt" => [UnicodeCategory.TitlecaseLetter],
        "Lm" => [UnicodeCategory.ModifierLetter],
        "Lo" => [UnicodeCategory.OtherLetter],
        "M" or "Mark" => [UnicodeCategory.NonSpacingMark, UnicodeCategory.SpacingCombiningMark, UnicodeCategory.EnclosingMark],
        "Mn" => [UnicodeCategory.NonSpacingMark],
        "Mc" => [UnicodeCategory.SpacingCombiningMark],
        "Me" => [UnicodeCategory.EnclosingMark],
        "N" or "Number" => [UnicodeCategory.DecimalDigitNumber, UnicodeCategory.LetterNumber, UnicodeCategory.OtherNumber],
        "Nd" => [UnicodeCategory.DecimalDigitNumber],
        "Nl" => [UnicodeCategory.LetterNumber],
        "No" => [UnicodeCategory.OtherNumber],
        "P" or "Punctuation" => [UnicodeCategory.ConnectorPunctuation, UnicodeCategory.DashPunctuation, UnicodeCategory.OpenPunctuation,
            UnicodeCategory.ClosePunctuation, UnicodeCategory.InitialQuotePunctuation, UnicodeCategory.FinalQuotePunctuation,
            UnicodeCategory.OtherPunctuation],
        "Pc" => [UnicodeCategory.ConnectorPunctuation],
        "Pd" => [UnicodeCategory.DashPunctuation],
        "Ps" => [UnicodeCategory.OpenPunctuation],
        "Pe" => [UnicodeCategory.ClosePunctuation],
        "Pi" => [UnicodeCategory.InitialQuotePunctuation],
        "Pf" => [UnicodeCategory.FinalQuotePunctuation],
        "Po" => [UnicodeCategory.OtherPunctuation],
        "S" or "Symbol" => [UnicodeCategory.MathSymbol, UnicodeCategory.CurrencySymbol, UnicodeCategory.ModifierSymbol,
            UnicodeCategory.OtherSymbol],
        "Sm" => [UnicodeCategory.MathSymbol],
        "Sc" => [UnicodeCategory.CurrencySymbol],
        "Sk" => [UnicodeCategory.ModifierSymbol],
        "So" => [UnicodeCategory.OtherSymbol],
        "Z" or "Separator" => [UnicodeCategory.SpaceSeparator, UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator],
        "Zs" => [UnicodeCategory.SpaceSeparator],
        "C" or "Other" => [UnicodeCategory.Control, UnicodeCategory.Format, UnicodeCategory.PrivateUse, UnicodeCategory.OtherNotAssigned],
        "Cc" => [UnicodeCategory.Control],
        "Cf" => [UnicodeCategory.Format],
        "Co" => [UnicodeCategory.PrivateUse],
        "Cn" => [UnicodeCategory.OtherNotAssigned],
        _ => null,
    };

    public static bool InCategories(int codePoint, UnicodeCategory[] categories) =>
        Array.IndexOf(categories, Rune.GetUnicodeCategory(new Rune(codePoint))) >= 0;

    private static string Unit(int unit) => $"\\u{unit:X4}";
}
