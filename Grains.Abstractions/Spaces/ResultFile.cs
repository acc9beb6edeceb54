using Orleans;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A file a worker produced for a request (an image, a clip), stored under a blob name the API generated.</summary>
[GenerateSerializer, Immutable, Alias("spaces.result-file")]
public sealed record ResultFile(
    [property: Id(0)] string Name, [property: Id(1)] string ContentType, [property: Id(2)] long Size, [property: Id(3)] string BlobName);
