using System.Text.Json;

namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>completed</c> on <c>requests/{id}</c>.</summary>
public sealed record RequestCompleted(string RequestId, string Status, double Progress, JsonElement Result, DateTimeOffset CompletedAt);
