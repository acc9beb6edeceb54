namespace Spaces.Tokenizers;

/// <summary>Which end of a sequence truncation keeps whole in the first window (HF <c>truncation_side</c>).</summary>
public enum TruncationDirection
{
    /// <summary>Windows run from the start: the first window is the first <c>maxLength</c> tokens.</summary>
    Right,

    /// <summary>Windows run from the end backwards: the first window is the last <c>maxLength</c> tokens.</summary>
    Left,
}

/// <summary>A range of token positions: <c>[Start, Start + Length)</c>.</summary>
public readonly record struct TokenWindow(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// Overflowing windows exactly as Hugging Face tokenizers' <c>Encoding::truncate</c> builds them for one sequence whose
/// post-processor adds no tokens (GPT-2's ByteLevel adds none; otherwise pass <c>max_length</c> minus that count).
/// <list type="bullet">
/// <item>If <c>length ≤ maxLength</c>: one window, the whole sequence (also for length 0).</item>
/// <item>Right: windows start at 0, maxLength − stride, 2·(maxLength − stride), …; each is
/// <c>[start, min(start + maxLength, length))</c>; the first window that reaches the end is the last one, so only it
/// may be shorter. Consecutive windows share exactly <c>stride</c> tokens (the last may share more).</item>
/// <item>Left: the mirror image: windows end at length, length − (maxLength − stride), …; each is
/// <c>[max(0, end − maxLength), end)</c>; the first one that reaches position 0 is the last.</item>
/// <item>The first window is what HF returns as the encoding, the rest are its <c>overflowing</c> encodings in order
/// (transformers' rows with <c>return_overflowing_tokens=True</c>).</item>
/// </list>
/// Differences from HF, which are refusals rather than other results: <c>maxLength</c> must be at least 1 (HF turns
/// <c>max_length=0</c> into an empty encoding with the whole text as overflow) and <c>stride</c> must be below
/// <c>maxLength</c> even when no truncation happens (HF panics on it only when it truncates).
/// </summary>
public static class TokenWindows
{
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="maxLength"/> below 1, or <paramref name="stride"/> not in [0, maxLength).
    /// </exception>
    public static IReadOnlyList<TokenWindow> Plan(
        int length, int maxLength, int stride, TruncationDirection direction = TruncationDirection.Right)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(stride);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stride, maxLength);
        if (length <= maxLength)
        {
            return [new TokenWindow(0, length)];
        }
        var step = maxLength - stride;
        var windows = new List<TokenWindow>(length / step + 1);
        if (direction == TruncationDirection.Right)
        {
            for (var start = 0; ; start += step)
            {
                var end = Math.Min(start + maxLength, length);
                windows.Add(new TokenWindow(start, end - start));
                if (end == length)
                {
                    break;
                }
            }
        }
        else
        {
            for (var end = length; ; end -= step)
            {
                var start = Math.Max(0, end - maxLength);
                windows.Add(new TokenWindow(start, end - start));
                if (start == 0)
                {
                    break;
                }
            }
        }
        return windows;
    }

    /// <summary>The tokens of every window of <see cref="Plan"/>, each copied into its own array.</summary>
    public static IReadOnlyList<int[]> Split(
        ReadOnlySpan<int> ids, int maxLength, int stride, TruncationDirection direction = TruncationDirection.Right)
    {
        var plan = Plan(ids.Length, maxLength, stride, direction);
        var windows = new int[plan.Count][];
        for (var i = 0; i < plan.Count; i++)
        {
            windows[i] = ids.Slice(plan[i].Start, plan[i].Length).ToArray();
        }
        return windows;
    }
}
