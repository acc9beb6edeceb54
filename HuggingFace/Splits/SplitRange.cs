namespace Spaces.HuggingFace.Splits;

/// <summary>Rows <c>[Start, End)</c> of one split, as resolved from one instruction.</summary>
public sealed record SplitRange(string Split, long Start, long End)
{
    /// <summary>Rows selected; 0 when <c>End &lt;= Start</c>.</summary>
    public long Count => Math.Max(0, End - Start);

    public override string ToString() => $"{Split}[{Start}:{End}]";
}
