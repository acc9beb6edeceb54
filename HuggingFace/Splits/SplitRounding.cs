namespace Spaces.HuggingFace.Splits;

/// <summary>How percent bounds become row indices (<c>datasets</c> names: <c>closest</c>, <c>pct1_dropremainder</c>).</summary>
public enum SplitRounding
{
    /// <summary><c>round(b * n / 100)</c>, halves to even as Python's <c>round</c>. The default.</summary>
    Closest,

    /// <summary><c>b * trunc(n / 100)</c>: every 1 % has the same size; needs n ≥ 100.</summary>
    Pct1DropRemainder,
}
