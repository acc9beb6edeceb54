using Orleans;

namespace Spaces.Grains.Abstractions.Workers;

/// <summary>What the server sends a worker as <c>Request(...)</c>. File URLs are paths on the API that the worker's token may read.</summary>
[GenerateSerializer, Immutable, Alias("spaces.worker-request")]
public sealed record WorkerRequest(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string SpaceId,
    [property: Id(2)] string SpaceName,
    [property: Id(3)] string Prompt,
    [property: Id(4)] IReadOnlyList<WorkerFile> Files,
    [property: Id(5)] int Attempt,
    [property: Id(6)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("spaces.worker-file")]
public sealed record WorkerFile(
    [property: Id(0)] string Name, [property: Id(1)] string Kind, [property: Id(2)] string ContentType, [property: Id(3)] long Size,
    [property: Id(4)] string Url);
