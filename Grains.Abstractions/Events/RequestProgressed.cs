namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>progress</c> on <c>requests/{id}</c>; the first one of an attempt says it started.</summary>
public sealed record RequestProgressed(string RequestId, string Status, double Progress, string? Message, int Attempt);
