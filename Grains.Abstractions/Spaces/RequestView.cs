using System.Text.Json;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A request as its submitter sees it, and the snapshot of <c>requests/{id}</c>.</summary>
public sealed record RequestView(
    string RequestId,
    string SpaceId,
    string Status,
    int Position,
    double Progress,
    string? Message,
    JsonElement? Result,
    string? Error,
    int Attempts,
    string Prompt,
    IReadOnlyList<RequestFileView> Files,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt);

public sealed record RequestFileView(string Name, string Kind, string ContentType, long Size, string Url);
