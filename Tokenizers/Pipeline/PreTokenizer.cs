using System.Text.RegularExpressions;

namespace Spaces.Tokenizers.Pipeline;

/// <summary>A piece of the normalized text: BPE never merges across pieces.</summary>
internal readonly record struct Piece(int Start, int Length);

/// <summary>One step of <c>tokenizer.json</c>'s <c>pre_tokenizer</c>: splits every piece further, keeping their order.</summary>
internal abstract class PreTokenizer
{
    public abstract void Split(string text, List<Piece> pieces, List<Piece> output);
}

/// <summary><c>ByteLevel</c> with <c>use_regex</c>: GPT-2's pattern, by the hand-written <see cref="Gpt2PreTokenizer"/>.</summary>
internal sealed class Gpt2RegexPreTokenizer : PreTokenizer
{
    public override void Split(string text, List<Piece> pieces, List<Piece> output)
    {
        foreach (var piece in pieces)
        {
            var scanner = new Gpt2PreTokenizer(text.AsSpan(piece.Start, piece.Length));
            while (scanner.TryNext(out var start, out var length))
            {
                output.Add(new Piece(piece.Start + start, length));
            }
        }
    }
}

/// <summary><c>Split</c>'s <c>behavior</c>, as HF tokenizers' <c>SplitDelimiterBehavior</c>.</summary>
internal enum SplitBehavior
{
    Removed,
    Isolated,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}

/// <summary>
/// <c>Split</c>: the pattern's matches and the text between them become pieces, combined per <see cref="SplitBehavior"/>
/// exactly as HF tokenizers' <c>NormalizedString::split</c> (empty matches are ignored, empty pieces dropped).
/// </summary>
internal sealed class SplitPreTokenizer(Regex pattern, SplitBehavior behavior, bool invert) : PreTokenizer
{
    public override void Split(string text, List<Piece> pieces, List<Piece> output)
    {
        var segments = new List<(Piece Piece, bool IsMatch)>();
        foreach (var piece in pieces)
        {
            segments.Clear();
            var span = text.AsSpan(piece.Start, piece.Length);
            var position = 0;
            foreach (var match in pattern.EnumerateMatches(span))
            {
                if (match.Length == 0)
                {
                    continue;
                }
                if (match.Index > position)
                {
                    segments.Add((new Piece(piece.Start + position, match.Index - position), invert));
                }
                segments.Add((new Piece(piece.Start + match.Index, match.Length), !invert));
                position = match.Index + match.Length;
            }
            if (position < span.Length)
            {
                segments.Add((new Piece(piece.Start + position, span.Length - position), invert));
            }
            Combine(segments, output);
        }
    }

    private void Combine(List<(Piece Piece, bool IsMatch)> segments, List<Piece> output)
    {
        switch (behavior)
        {
            case SplitBehavior.Removed:
                output.AddRange(segments.Where(s => !s.IsMatch).Select(s => s.Piece));
                break;
            case SplitBehavior.Isolated:
                output.AddRange(segments.Select(s => s.Piece));
                break;
            case SplitBehavior.MergedWithPrevious:
                MergeInto(segments, output, (s, previous) => s.IsMatch && !previous);
                break;
            case SplitBehavior.Contiguous:
                MergeInto(segments, output, (s, previous) => s.IsMatch == previous);
                break;
            case SplitBehavior.MergedWithNext:
                var reversed = new List<Piece>();
                segments.Reverse();
                var previousMatch = false;
                foreach (var (piece, isMatch) in segments)
                {
                    if (isMatch && !previousMatch && reversed.Count > 0)
                    {
                        var last = reversed[^1];
                        reversed[^1] = new Piece(piece.Start, last.Length + piece.Length);
                    }
                    else
                    {
                        reversed.Add(piece);
                    }
                    previousMatch = isMatch;
                }
                reversed.Reverse();
                output.AddRange(reversed);
                break;
        }
    }

    /// <summary>Left to right: a segment joins the previous piece when <paramref name="joins"/> says so (given the previous segment's kind).</summary>
    private static void MergeInto(List<(Piece Piece, bool IsMatch)> segments, List<Piece> output, Func<(Piece Piece, bool IsMatch), bool, bool> joins)
    {
        var first = output.Count;
        var previousMatch = false;
        foreach (var segment in segments)
        {
            if (joins(segment, previousMatch) && output.Count > first)
            {
                var last = output[^1];
                output[^1] = new Piece(last.Start, last.Length + segment.Piece.Length);
            }
            else
            {
                output.Add(segment.Piece);
            }
            previousMatch = segment.IsMatch;
        }
    }
}

/// <summary><c>Sequence</c>: each pre-tokenizer splits the pieces of the one before.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<PreTokenizer> steps) : PreTokenizer
{
    public override void Split(string text, List<Piece> pieces, List<Piece> output)
    {
        var current = pieces;
        for (var i = 0; i < steps.Count; i++)
        {
            var next = i == steps.Count - 1 ? output : [];
            steps[i].Split(text, current, next);
            current = next;
        }
        if (steps.Count == 0)
        {
            output.AddRange(pieces);
        }
    }
}
