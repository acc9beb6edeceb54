using System.Globalization;

namespace Spaces.Bench.ImportMemory;

/// <summary>Sizes on the command line and in the report, in binary units: <c>10MB</c> and <c>10MiB</c> both mean 10 × 2^20.</summary>
public static class ByteSizes
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("GIB", 1L << 30), ("GB", 1L << 30), ("G", 1L << 30),
        ("MIB", 1L << 20), ("MB", 1L << 20), ("M", 1L << 20),
        ("KIB", 1L << 10), ("KB", 1L << 10), ("K", 1L << 10),
        ("B", 1),
    ];

    /// <summary>Parses <c>10MB,1GB</c>; throws a message naming the part it cannot read.</summary>
    public static IReadOnlyList<long> ParseList(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)];

    public static long Parse(string text)
    {
        var upper = text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var (suffix, factor) = Units.FirstOrDefault(u => upper.EndsWith(u.Suffix, StringComparison.Ordinal), ("", 1));
        return double.TryParse(upper[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0
            ? (long)(number * factor)
            : throw new FormatException($"'{text}' is not a size such as 10MB or 1GB.");
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.##} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.##} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.##} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
