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
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
                {
                    i++;
                    continue;
                }
                return "A space name cannot contain a broken UTF-16 surrogate";
            }
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

    // Bidi embeddings, overrides, isolates and marks, the BOM and zero-width characters: all Unicode category Cf.
    private static bool IsInvisibleFormat(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
