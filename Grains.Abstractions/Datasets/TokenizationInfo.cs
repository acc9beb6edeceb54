using System.Text.Json;
using Orleans;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>The last tokenization of a dataset: its settings, its statistics and where its token shards are.</summary>
[GenerateSerializer, Immutable, Alias("spaces.tokenization")]
public sealed record TokenizationInfo(
    [property: Id(0)] string TokenizerName,
    [property: Id(1)] int MaxLength,
    [property: Id(2)] int Stride,
    [property: Id(3)] string Status,
    [property: Id(4)] JsonElement? Statistics,
    [property: Id(5)] IReadOnlyList<string> Shards,
    [property: Id(6)] DateTimeOffset? CompletedAt);
