using System.Text.Json;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>The last tokenization of a dataset: its settings, its statistics and where its token shards are.</summary>
public sealed record TokenizationInfo(
    string TokenizerName,
    int MaxLength,
    int Stride,
    string Status,
    JsonElement? Statistics,
    IReadOnlyList<string> Shards,
    DateTimeOffset? CompletedAt);
