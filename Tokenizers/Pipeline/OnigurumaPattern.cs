using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Spaces.Tokenizers.Pipeline;

/// <summary>
/// Translates the Oniguruma regexes of <c>tokenizer.json</c> (<c>Split</c>, <c>Replace</c>) to .NET regexes that match code
/// points: every class, <c>\p{…}</c>, <c>\P{…}</c>, <c>\S</c> and <c>.</c> gains the surrogate pairs of its astral members
/// (<see cref="AstralClasses"/>) and never matches half a pair. Constructs whose meaning differs between the engines and that
/// no tokenizer file here uses (possessive quantifiers, nested classes and <c>&amp;&amp;</c>, <c>\h</c>, <c>\G</c>) are refused.
/// </summary>
internal static class OnigurumaPattern
{
    private const string AnyAstral = "[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]";
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>The compiled translation, shared by all tokenizers loading the same pattern.</summary>
    /// <exception cref="NotSupportedException">The pattern uses a construct this translation does not handle.</exception>
    public static Regex Compile(string pattern) =>
        Compiled.GetOrAdd(pattern, p => new Regex(Translate(p), RegexOptions.Compiled | RegexOptions.Multiline | RegexOptions.CultureInvariant));

    public static string Translate(string pattern)
    {
        var output = new StringBuilder(pattern.Length * 2);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    i = TranslateEscape(pattern, i, output);
                    break;
                case '[':
                    i = TranslateClass(pattern, i, output);
                    break;
                case '.':
                    output.Append("(?:[^\\n\\uD800-\\uDFFF]|").Append(AnyAstral).Append(')');
                    break;
                case '+' or '*' or '?' or '}' when i + 1 < pattern.Length && pattern[i + 1] == '+':
                    throw new NotSupportedException($"the possessive quantifier \"{c}+\" in /{pattern}/ is not supported");
                default:
                    output.Append(c);
                    break;
            }
        }
        return output.ToString();
    }

    private static int TranslateEscape(string pattern, int i, StringBuilder output)
    {
        if (i + 1 >= pattern.Length)
        {
            throw new NotSupportedException($"/{pattern}/ ends with a lone backslash");
        }
        var next = pattern[i + 1];
        if (next is 'p' or 'P' || next is 's' or 'S' or 'd' or 'D' or 'w' or 'W')
        {
            var end = ReadSetEscape(pattern, i, out var item, out var negatedForm);
            output.Append(ClassRegex([item], negatedForm));
            return end;
        }
        if (next is 'h' or 'H' or 'G' or 'K' or 'R' or 'X' or 'y' or 'Y')
        {
            throw new NotSupportedException($"\\{next} in /{pattern}/ is not supported");
        }
        output.Append('\\').Append(next);
        return i + 1;
    }

    /// <summary>One class item: a code point predicate and its .NET class spelling for the BMP.</summary>
    private readonly record struct SetItem(string BmpSyntax, Func<int, bool> Contains);

    /// <summary>
    /// Reads <c>\s \S \d \D \w \W \p{…} \P{…}</c> as a positive item and whether the escape is its complement: standalone,
    /// the complement becomes a negated class; inside a class, <see cref="InClass"/> spells it there.
    /// </summary>
    private static int ReadSetEscape(string pattern, int i, out SetItem item, out bool negatedForm)
    {
        var kind = pattern[i + 1];
        negatedForm = char.IsUpper(kind);
        switch (kind)
        {
            case 's' or 'S':
                item = new SetItem("\\s", cp => Rune.IsWhiteSpace(new Rune(cp)));
                return i + 1;
            case 'd' or 'D':
                item = Property("Nd");
                return i + 1;
            case 'w' or 'W':
                item = Word();
                return i + 1;
        }
        if (i + 2 >= pattern.Length || pattern[i + 2] != '{')
        {
            throw new NotSupportedException($"\\{kind} without {{…}} in /{pattern}/ is not supported");
        }
        var close = pattern.IndexOf('}', i + 3);
        if (close < 0)
        {
            throw new NotSupportedException($"an unclosed \\{kind}{{ in /{pattern}/");
        }
        var name = pattern[(i + 3)..close];
        if (name.StartsWith('^'))
        {
            negatedForm = !negatedForm;
            name = name[1..];
        }
        item = Property(name);
        return close;
    }

    /// <summary>A complemented escape inside a class: <c>\S</c> and <c>\P{…}</c> have .NET spellings; <c>\D</c>, <c>\W</c> are refused.</summary>
    private static SetItem InClass(SetItem item, bool negatedForm, string pattern)
    {
        if (!negatedForm)
        {
            return item;
        }
        var syntax = item.BmpSyntax switch
        {
            "\\s" => "\\S",
            ['\\', 'p', ..] s => "\\P" + s[2..],
            _ => throw new NotSupportedException($"\\D and \\W inside a class in /{pattern}/ are not supported"),
        };
        return new SetItem(syntax, cp => !item.Contains(cp));
    }

    private static SetItem Property(string name)
    {
        var categories = AstralClasses.Categories(name)
            ?? throw new NotSupportedException($"the Unicode property \\p{{{name}}} is not supported (general categories only)");
        var shortName = name switch
        {
            "Letter" => "L", "Mark" => "M", "Number" => "N", "Punctuation" => "P", "Symbol" => "S", "Separator" => "Z", "Other" => "C",
            _ => name,
        };
        return new SetItem($"\\p{{{shortName}}}", cp => AstralClasses.InCategories(cp, categories));
    }

    /// <summary>Oniguruma's Unicode <c>\w</c>: letters, marks, decimal digits and connector punctuation.</summary>
    private static SetItem Word()
    {
        string[] parts = ["L", "M", "Nd", "Pc"];
        var sets = parts.Select(p => AstralClasses.Categories(p)!).ToArray();
        return new SetItem("\\p{L}\\p{M}\\p{Nd}\\p{Pc}", cp => sets.Any(s => AstralClasses.InCategories(cp, s)));
    }

    private static int TranslateClass(string pattern, int open, StringBuilder output)
    {
        var i = open + 1;
        var negated = i < pattern.Length && pattern[i] == '^';
        if (negated)
        {
            i++;
        }
        var items = new List<SetItem>();
        var first = true;
        for (; i < pattern.Length && (pattern[i] != ']' || first); i++)
        {
            first = false;
            if (pattern[i] == '[' || (pattern[i] == '&' && i + 1 < pattern.Length && pattern[i + 1] == '&'))
            {
                throw new NotSupportedException($"nested classes and && in /{pattern}/ are not supported");
            }
            int low;
            if (pattern[i] == '\\')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] is 'p' or 'P' or 's' or 'S' or 'd' or 'D' or 'w' or 'W')
                {
                    i = ReadSetEscape(pattern, i, out var item, out var negatedForm);
                    items.Add(InClass(item, negatedForm, pattern));
                    continue;
                }
                i = ReadEscapedChar(pattern, i, out low);
            }
            else
            {
                low = char.ConvertToUtf32(pattern, i);
                i += low > 0xFFFF ? 1 : 0;
            }
            var high = low;
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                i += 2;
                if (pattern[i] == '\\')
                {
                    i = ReadEscapedChar(pattern, i, out high);
                }
                else
                {
                    high = char.ConvertToUtf32(pattern, i);
                    i += high > 0xFFFF ? 1 : 0;
                }
            }
            var (l, h) = (low, high);
            items.Add(new SetItem(RangeSyntax(l, h), cp => cp >= l && cp <= h));
        }
        if (i >= pattern.Length)
        {
            throw new NotSupportedException($"an unclosed [ in /{pattern}/");
        }
        output.Append(ClassRegex(items, negated));
        return i;
    }

    private static int ReadEscapedChar(string pattern, int i, out int codePoint)
    {
        var c = pattern[i + 1];
        codePoint = c switch
        {
            'n' => '\n', 'r' => '\r', 't' => '\t', 'f' => '\f', 'v' => '\v', 'a' => '\a', 'e' => '\x1B', '0' => '\0',
            'x' or 'u' => -1,
            _ when char.IsLetterOrDigit(c) => throw new NotSupportedException($"\\{c} inside a class in /{pattern}/ is not supported"),
            _ => c,
        };
        if (codePoint >= 0)
        {
            return i + 1;
        }
        // \xHH, \x{H…} and \uHHHH.
        var start = i + 2;
        int end;
        if (c == 'x' && start < pattern.Length && pattern[start] == '{')
        {
            end = pattern.IndexOf('}', start);
            codePoint = int.Parse(pattern.AsSpan(start + 1, end - start - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return end;
        }
        var digits = c == 'x' ? 2 : 4;
        codePoint = int.Parse(pattern.AsSpan(start, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return start + digits - 1;
    }

    /// <summary>The BMP range's .NET syntax (the astral part is added from the predicate); empty when wholly astral.</summary>
    private static string RangeSyntax(int low, int high)
    {
        if (low > 0xFFFF)
        {
            return "";
        }
        var bmpHigh = Math.Min(high, 0xFFFF);
        return low == bmpHigh ? $"\\u{low:X4}" : $"\\u{low:X4}-\\u{bmpHigh:X4}";
    }

    /// <summary>
    /// <c>(?:[bmp]|astral)</c>: the BMP class never matches a surrogate unit (negated classes exclude them, positive ones
    /// subtract them), and the astral alternation takes the pairs of the code points the class holds.
    /// </summary>
    private static string ClassRegex(IReadOnlyList<SetItem> items, bool negated)
    {
        var syntax = string.Concat(items.Select(item => item.BmpSyntax));
        var bmp = negated ? $"[^{syntax}\\uD800-\\uDFFF]" : syntax.Length == 0 ? "" : $"[{syntax}-[\\uD800-\\uDFFF]]";
        var astral = AstralClasses.Alternation(cp => items.Any(item => item.Contains(cp)) != negated);
        return (bmp.Length, astral) switch
        {
            (_, null) => bmp.Length == 0 ? "(?!)" : bmp,
            (0, _) => $"(?:{astral})",
            _ => $"(?:{bmp}|{astral})",
        };
    }
}
