namespace Spaces.Api.Uploads;

/// <summary>The image formats a cover may be, told by their first bytes: never by a file name or a declared type.</summary>
public static class ImageTypes
{
    /// <summary>The accepted types, for the form's <c>accept</c> attribute and for messages.</summary>
    public static IReadOnlyList<string> Accepted { get; } = ["image/png", "image/jpeg", "image/webp", "image/gif"];

    private static ReadOnlySpan<byte> Png => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    /// <summary>The content type of an image in an accepted format, or null for anything else.</summary>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Png))
        {
            return "image/png";
        }
        if (content.StartsWith(Jpeg))
        {
            return "image/jpeg";
        }
        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }
        // RIFF, the chunk size (4 bytes), then the form type.
        return content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8) ? "image/webp" : null;
    }
}
