namespace Spaces.Grains.Spaces;

/// <summary>A space's row. Times are Unix milliseconds so every store keeps them the same way.</summary>
public sealed record SpaceState
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public string? Cover { get; init; }
    public string OwnerId { get; init; } = "";
    public bool InputPrompt { get; init; } = true;
    public bool InputAudio { get; init; }
    public bool InputVideo { get; init; }
    public bool InputImage { get; init; }
    public bool InputFile { get; init; }
    public string? WorkerConnectionId { get; init; }
    public string? WorkerNodeId { get; init; }
    public long? WorkerConnectedAt { get; init; }
    public long? WorkerLastSeenAt { get; init; }
    public long? DisconnectedAt { get; init; }
    public string? InFlightRequestId { get; init; }
    public int QueueSize { get; init; }
    public long NextTicket { get; init; } = 1;
    public long CreatedAt { get; init; }
}
