using Orleans;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A file submitted with a request: <see cref="Kind"/> is the input it came through (audio, video, image, file).</summary>
[GenerateSerializer, Immutable, Alias("spaces.request-file")]
public sealed record RequestFile(
    [property: Id(0)] string Name, [property: Id(1)] string Kind, [property: Id(2)] string ContentType, [property: Id(3)] long Size,
    [property: Id(4)] string BlobName);
