namespace Spaces.Tokenizers;

/// <summary>
/// A hand-written equivalent of GPT-2's pre-tokenization regex
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>, scanning code points.
/// .NET's Regex matches UTF-16 units, so <c>\p{L}</c> never matches a letter outside the BMP; this scanner does.
/// </summary>
internal ref struct Gpt2PreTokenizer(ReadOnlySpan<char> text)
{
    private readonly ReadOnlySpan<char> _text = text;
    private int _position;

    /// <summary>The next piece ("word"); BPE never merges across pieces.</summary>
    public bool TryNext(out int start, out int length)
    {
        start = _position;
        if (start >= _text.Length)
        {
            length = 0;
            return false;
        }
        var end = MatchAt(start);
        length = end - start;
        _position = end;
        return true;
    }

    private readonly int MatchAt(int start)
    {
        var first = _text[start];
        if (first == '\'')
        {
            var contraction = ContractionLength(start);
            if (contraction > 0)
            {
                return start + contraction;
            }
        }
        var kind = CharKinds.At(_text, start, out var width);
        // " ?\p{L}+", " ?\p{N}+" and " ?[^\s\p{L}\p{N}]+": only U+0020 attaches to the run after it.
        if (first == ' ' && start + 1 < _text.Length)
        {
            var next = CharKinds.At(_text, start + 1, out var nextWidth);
            if (next != CharKind.Space)
            {
                return RunEnd(next, start + 1 + nextWidth);
            }
        }
        return kind == CharKind.Space ? WhitespaceEnd(start) : RunEnd(kind, start + width);
    }

    /// <summary>The alternatives <c>'s|'t|'re|'ve|'m|'ll|'d</c>: lowercase ASCII only, as in the original pattern.</summary>
    private readonly int ContractionLength(int start)
    {
        if (start + 1 >= _text.Length)
        {
            return 0;
        }
        var second = _text[start + 1];
        if (second is 's' or 't' or 'm' or 'd')
        {
            return 2;
        }
        if (start + 2 < _text.Length)
        {
            var third = _text[start + 2];
            if ((second == 'r' && third == 'e') || (second == 'v' && third == 'e') || (second == 'l' && third == 'l'))
            {
                return 3;
            }
        }
        return 0;
    }

    private readonly int RunEnd(CharKind kind, int position)
    {
        while (position < _text.Length && CharKinds.At(_text, position, out var width) == kind)
        {
            position += width;
        }
        return position;
    }

    /// <summary>
    /// <c>\s+(?!\S)|\s+</c>: a whitespace run that reaches the end of the text is taken whole; one followed by
    /// non-space gives up its last char (which then leads the next piece, or stands alone via <c>\s+</c>),
    /// unless the run is that single char. Every whitespace char is in the BMP, so widths are 1 here.
    /// </summary>
    private readonly int WhitespaceEnd(int start)
    {
        var position = start + 1;
        while (position < _text.Length && CharKinds.At(_text, position, out _) == CharKind.Space)
        {
            position++;
        }
        if (position == _text.Length || position - start == 1)
        {
            return position;
        }
        return position - 1;
    }
}
