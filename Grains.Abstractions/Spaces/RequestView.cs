using System.Text.Json;
using Orleans;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A request as its submitter sees it, and the snapshot of <c>requests/{id}</c>.</summary>
[GenerateSerializer, Immutable, Alias("spaces.request-view")]
public sealed record RequestView(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string SpaceId,
    [property: Id(2)] string Status,
    [property: Id(3)] int Position,
    [property: Id(4)] double Progress,
    [property: Id(5)] string? Message,
    [property: Id(6)] JsonElement? Result,
    [property: Id(7)] string? Error,
    [property: Id(8)] int Attempts,
    [property: Id(9)] string Prompt,
    [property: Id(10)] IReadOnlyList<RequestFileView> Files,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset? StartedAt,
    [property: Id(13)] DateTimeOffset? CompletedAt);

[GenerateSerializer, Immutable, Alias("spaces.request-file-view")]
public sealed record RequestFileView(
    [property: Id(0)] string Name, [property: Id(1)] string Kind, [property: Id(2)] string ContentType, [property: Id(3)] long Size,
    [property: Id(4)] string Url);
