namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A space as clients see it, and the snapshot of <c>spaces/{id}/status</c>.</summary>
public sealed record SpaceView(
    string Id,
    string Name,
    string Description,
    SpaceInputs Inputs,
    string? Cover,
    bool WorkerConnected,
    int QueueSize,
    WorkerView Worker,
    DateTimeOffset? OldestQueuedAt);

public sealed record WorkerView(bool Connected, DateTimeOffset? ConnectedAt, DateTimeOffset? LastSeenAt);
