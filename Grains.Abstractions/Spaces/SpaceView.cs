using Orleans;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A space as clients see it, and the snapshot of <c>spaces/{id}/status</c>.</summary>
[GenerateSerializer, Immutable, Alias("spaces.space-view")]
public sealed record SpaceView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] SpaceInputs Inputs,
    [property: Id(4)] string? Cover,
    [property: Id(5)] bool WorkerConnected,
    [property: Id(6)] int QueueSize,
    [property: Id(7)] WorkerView Worker,
    [property: Id(8)] DateTimeOffset? OldestQueuedAt);

/// <summary>The space's worker; <see cref="ConnectionId"/> is the one its <c>Register</c> answered, so a worker (and an operator) can tell which connection holds the space.</summary>
[GenerateSerializer, Immutable, Alias("spaces.worker-view")]
public sealed record WorkerView(
    [property: Id(0)] bool Connected,
    [property: Id(1)] DateTimeOffset? ConnectedAt,
    [property: Id(2)] DateTimeOffset? LastSeenAt,
    [property: Id(3)] string? ConnectionId);
