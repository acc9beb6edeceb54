using System.Text.Json;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>A dataset as clients see it, and the snapshot of <c>datasets/{id}/progress</c>.</summary>
public sealed record DatasetView(
    string Id,
    string RepoId,
    string? Config,
    string Split,
    string? Revision,
    string Status,
    double Progress,
    string? Message,
    long? NumSamples,
    long? SizeBytes,
    IReadOnlyList<DatasetFile> Files,
    TokenizationInfo? Tokenization,
    JsonElement? Statistics,
    string? Error,
    DateTimeOffset CreatedAt);
