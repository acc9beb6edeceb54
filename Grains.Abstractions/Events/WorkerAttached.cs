namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>worker_connected</c> on <c>spaces/{id}/status</c>.</summary>
public sealed record WorkerAttached(string SpaceId, bool WorkerConnected, int QueueSize, DateTimeOffset ConnectedAt);
