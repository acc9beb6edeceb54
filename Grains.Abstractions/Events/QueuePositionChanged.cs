namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>position</c> on <c>requests/{id}</c>: 1 is next in line.</summary>
public sealed record QueuePositionChanged(string RequestId, int Position);
