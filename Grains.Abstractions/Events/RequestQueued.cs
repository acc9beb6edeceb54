namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>queued</c> on <c>requests/{id}</c>: accepted, or put back at the head after its worker left.</summary>
public sealed record RequestQueued(string RequestId, string SpaceId, string Status, int Position, int Attempt);
