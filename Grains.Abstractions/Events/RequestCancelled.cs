namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>cancelled</c> on <c>requests/{id}</c>.</summary>
public sealed record RequestCancelled(string RequestId, string Status, string Reason, DateTimeOffset CompletedAt);
