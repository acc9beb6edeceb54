using System.Text.Json;
using Orleans;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>
/// A dataset as clients see it, and the snapshot of <c>datasets/{id}/progress</c>. <see cref="Key"/> and
/// <see cref="Args"/> are those of <see cref="Message"/> (of the error, when the status is <c>error</c>), as on the events.
/// </summary>
[GenerateSerializer, Immutable, Alias("spaces.dataset")]
public sealed record DatasetView(
    [property: Id(0)] string Id,
    [property: Id(1)] string RepoId,
    [property: Id(2)] string? Config,
    [property: Id(3)] string Split,
    [property: Id(4)] string? Revision,
    [property: Id(5)] string Status,
    [property: Id(6)] double Progress,
    [property: Id(7)] string? Message,
    [property: Id(8)] long? NumSamples,
    [property: Id(9)] long? SizeBytes,
    [property: Id(10)] IReadOnlyList<DatasetFile> Files,
    [property: Id(11)] TokenizationInfo? Tokenization,
    [property: Id(12)] JsonElement? Statistics,
    [property: Id(13)] string? Error,
    [property: Id(14)] DateTimeOffset CreatedAt,
    [property: Id(15)] string? Key,
    [property: Id(16)] JsonElement? Args);
