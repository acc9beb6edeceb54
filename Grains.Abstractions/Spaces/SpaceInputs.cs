namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>Which inputs a space's form and API accept.</summary>
public sealed record SpaceInputs(bool Prompt = true, bool Audio = false, bool Video = false, bool Image = false, bool File = false)
{
    /// <summary>The multipart field names that carry files, one per input kind.</summary>
    public static IReadOnlyList<string> FileKinds { get; } = ["audio", "video", "image", "file"];

    public bool AcceptsFileKind(string kind) => kind switch
    {
        "audio" => Audio,
        "video" => Video,
        "image" => Image,
        "file" => File,
        _ => false,
    };
}
