using Orleans;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>Which inputs a space's form and API accept.</summary>
[GenerateSerializer, Immutable, Alias("spaces.space-inputs")]
public sealed record SpaceInputs(
    [property: Id(0)] bool Prompt = true,
    [property: Id(1)] bool Audio = false,
    [property: Id(2)] bool Video = false,
    [property: Id(3)] bool Image = false,
    [property: Id(4)] bool File = false)
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
