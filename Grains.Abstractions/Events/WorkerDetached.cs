namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>worker_disconnected</c> on <c>spaces/{id}/status</c>.</summary>
public sealed record WorkerDetached(string SpaceId, bool WorkerConnected, int QueueSize, string Reason, DateTimeOffset DisconnectedAt);
