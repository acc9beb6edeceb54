using System.Globalization;

namespace Spaces.Grains.Spaces;

/// <summary>
/// Characters a space name may not hold: workers, scripts and lists show names as they are, so a control character,
/// a NUL, a byte-order mark or a bidi override would make one name read as another (or break a terminal).
/// </summary>
internal static class SpaceNames
{
    /// <summary>Why the name is refused, or null when it is fine.</summary>
    public static string? Problem(string name)
    {
        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return $"A space name cannot contain the control character U+{(int)c:X4}";
            }
            if (IsInvisibleFormat(c))
            {
                return $"A space name cannot contain the invisible formatting character U+{(int)c:X4}";
            }
        }
        return null;
    }

    // Bidi embeddings, overrides, isolates and marks, the BOM and zero-width spaces: Unicode category Cf. The zero-width
    // (non-)joiners are Cf too, but emoji sequences and Persian and Indic scripts need them, so they stay.
    private static bool IsInvisibleFormat(char c) =>
        c is not ('\u200C' or '\u200D') && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
