namespace Spaces.Tokenizers;

/// <summary>
/// GPT-2's <c>bytes_to_unicode</c>: every byte gets a printable char so that vocabulary keys are plain strings.
/// 188 bytes map to themselves; the other 68 (0–32, 127–160, 173) map to U+0100 upwards in byte order.
/// </summary>
internal static class ByteLevelAlphabet
{
    public static readonly char[] ByteToChar = BuildByteToChar();

    /// <summary>Char → byte for chars below U+0144 (the highest mapped char); -1 where a char is not in the alphabet.</summary>
    private static readonly short[] CharToByte = BuildCharToByte();

    public static bool TryGetByte(char c, out byte value)
    {
        if (c < CharToByte.Length && CharToByte[c] >= 0)
        {
            value = (byte)CharToByte[c];
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>The byte-level spelling of UTF-8 bytes, as vocabulary keys are written.</summary>
    public static string Spell(ReadOnlySpan<byte> utf8)
    {
        return string.Create(utf8.Length, utf8.ToArray(), static (chars, bytes) =>
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[i] = ByteToChar[bytes[i]];
            }
        });
    }

    private static bool MapsToItself(int b) => b is >= 33 and <= 126 or >= 161 and <= 172 or >= 174 and <= 255;

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            map[b] = MapsToItself(b) ? (char)b : (char)next++;
        }
        return map;
    }

    private static short[] BuildCharToByte()
    {
        var map = new short[256 + 68];
        Array.Fill(map, (short)-1);
        for (var b = 0; b < 256; b++)
        {
            map[ByteToChar[b]] = (short)b;
        }
        return map;
    }
}
