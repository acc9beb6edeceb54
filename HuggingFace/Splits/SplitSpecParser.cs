using System.Globalization;

namespace Spaces.HuggingFace.Splits;

/// <summary>
/// Hand-written parser for the grammar of <c>datasets/arrow_reader.py</c> (PROTOCOLS.md §3.6), so an error can point
/// at the character that broke it:
/// <code>
/// spec        := instruction ( WS* "+" WS* instruction )*
/// instruction := split ( "[" [bound] ":" [bound] "]" )? ( "(" rounding ")" )?
/// split       := \w+ ( "." \w+ )*
/// bound       := "-"? digits ("_" digits)* "%"?
/// </code>
/// Whitespace is allowed only around <c>+</c>, as in the reference (it splits on <c>\s*\+\s*</c>).
/// </summary>
internal sealed class SplitSpecParser(string spec)
{
    private int _pos;

    public List<SplitInstruction> ParseAll()
    {
        if (spec.Length == 0)
        {
            throw new SplitSpecException(spec, "Invalid split \"\": the split is empty; write a split name such as train or train[:10%].");
        }

        var instructions = new List<SplitInstruction> { ParseInstruction() };
        while (_pos < spec.Length)
        {
            var separatorStart = _pos;
            SkipWhitespace();
            if (!TryTake('+'))
            {
                throw SplitSpecException.Syntax(spec, separatorStart,
                    _pos > separatorStart ? "whitespace is only allowed around '+'" : "expected '+' between parts or the end of the split");
            }

            SkipWhitespace();
            instructions.Add(ParseInstruction());
        }

        return instructions;
    }

    private SplitInstruction ParseInstruction()
    {
        var start = _pos;
        var split = ParseSplitName();
        long? from = null, to = null;
        var fromPercent = false;
        var toPercent = false;
        var hasSlice = TryTake('[');
        if (hasSlice)
        {
            (from, fromPercent) = ParseOptionalBound();
            Expect(':', "expected ':' in the slice, as in [from:to]");
            (to, toPercent) = ParseOptionalBound();
            Expect(']', "expected ']' to close the slice");
        }

        var isPercent = fromPercent || toPercent;
        SplitRounding? rounding = null;
        var roundingStart = _pos;
        if (TryTake('('))
        {
            rounding = ParseRounding(roundingStart);
            if (!isPercent)
            {
                throw SplitSpecException.Syntax(spec, roundingStart,
                    "a rounding applies only to percent slices such as train[:10%](pct1_dropremainder)");
            }
        }

        var text = spec[start.._pos];
        var instruction = new SplitInstruction(split, from, to, isPercent, isPercent ? rounding ?? SplitRounding.Closest : null, text, start);
        foreach (var bound in new[] { from, to })
        {
            if (isPercent && bound is < -100 or > 100)
            {
                throw SplitSpecException.InPart(spec, instruction, $"the percent bound {bound}% is outside -100%..100%");
            }
        }

        return instruction;
    }

    private string ParseSplitName()
    {
        var start = _pos;
        while (true)
        {
            var wordStart = _pos;
            while (_pos < spec.Length && IsWordChar(spec[_pos]))
            {
                _pos++;
            }

            if (_pos == wordStart)
            {
                throw SplitSpecException.Syntax(spec, _pos,
                    _pos == start ? "expected a split name (letters, digits, '_', dots between words)" : "expected a word after '.' in the split name");
            }

            if (!TryTake('.'))
            {
                return spec[start.._pos];
            }
        }
    }

    private (long? Value, bool Percent) ParseOptionalBound()
    {
        var start = _pos;
        var negative = TryTake('-');
        var digitsStart = _pos;
        while (_pos < spec.Length && (char.IsAsciiDigit(spec[_pos]) || spec[_pos] == '_'))
        {
            _pos++;
        }

        if (_pos == digitsStart)
        {
            if (negative)
            {
                throw SplitSpecException.Syntax(spec, _pos, "expected digits after '-'");
            }

            return (null, false);
        }

        var digits = spec[digitsStart.._pos];
        if (digits.StartsWith('_') || digits.EndsWith('_') || digits.Contains("__", StringComparison.Ordinal))
        {
            throw SplitSpecException.Syntax(spec, start, "'_' may only separate digits, as in 1_000");
        }

        if (!long.TryParse(digits.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw SplitSpecException.Syntax(spec, start, "the number is too large");
        }

        return (negative ? -value : value, TryTake('%'));
    }

    private SplitRounding ParseRounding(int openParen)
    {
        var close = spec.IndexOf(')', _pos);
        if (close < 0)
        {
            throw SplitSpecException.Syntax(spec, spec.Length, "expected ')' to close the rounding");
        }

        var name = spec[_pos..close];
        _pos = close + 1;
        return name switch
        {
            "closest" => SplitRounding.Closest,
            "pct1_dropremainder" => SplitRounding.Pct1DropRemainder,
            _ => throw SplitSpecException.Syntax(spec, openParen + 1, $"unknown rounding '{name}': use closest or pct1_dropremainder"),
        };
    }

    private void Expect(char c, string problem)
    {
        if (!TryTake(c))
        {
            throw SplitSpecException.Syntax(spec, _pos, problem);
        }
    }

    private bool TryTake(char c)
    {
        if (_pos < spec.Length && spec[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void SkipWhitespace()
    {
        while (_pos < spec.Length && char.IsWhiteSpace(spec[_pos]))
        {
            _pos++;
        }
    }

    /// <summary>Regex <c>\w</c>: letters, decimal digits, '_' and other connector punctuation, non-spacing marks.</summary>
    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.NonSpacingMark;
}
