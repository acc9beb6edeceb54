namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>queue_changed</c> on <c>spaces/{id}/status</c>.</summary>
public sealed record QueueChanged(string SpaceId, bool WorkerConnected, int QueueSize);
