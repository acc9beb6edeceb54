namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>failed</c> on <c>requests/{id}</c>.</summary>
public sealed record RequestFailed(string RequestId, string Status, string Error, DateTimeOffset CompletedAt);
