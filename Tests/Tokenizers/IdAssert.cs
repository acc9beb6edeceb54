namespace Spaces.Tests.Tokenizers;

/// <summary>Token id comparison that reports where two encodings first differ, not two arrays of thousands of ids.</summary>
public static class IdAssert
{
    public static void Same(int[] expected, int[] actual, string name)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }
        var at = 0;
        while (at < Math.Min(expected.Length, actual.Length) && expected[at] == actual[at])
        {
            at++;
        }
        Assert.Fail($"{name}: ids differ first at index {at} (expected {expected.Length} ids, got {actual.Length}): "
            + $"expected …{string.Join(",", expected.Skip(Math.Max(0, at - 2)).Take(6))}…, "
            + $"got …{string.Join(",", actual.Skip(Math.Max(0, at - 2)).Take(6))}…");
    }
}
