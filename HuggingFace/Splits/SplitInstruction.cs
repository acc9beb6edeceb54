namespace Spaces.HuggingFace.Splits;

/// <summary>
/// One <c>+</c>-separated part of a split spec, e.g. <c>train[10%:20%](closest)</c>. <see cref="Rounding"/> is set
/// exactly when <see cref="IsPercent"/>; bounds are null when omitted. <see cref="Position"/> is where <see cref="Text"/>
/// starts in the whole spec.
/// </summary>
public sealed record SplitInstruction(string Split, long? From, long? To, bool IsPercent, SplitRounding? Rounding, string Text, int Position)
{
    /// <summary>True for a bare split name or <c>split[:]</c>: the whole split.</summary>
    public bool IsWholeSplit => From is null && To is null;
}
