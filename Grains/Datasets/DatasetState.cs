namespace Spaces.Grains.Datasets;

/// <summary>A dataset's row. Files, tokenization and statistics are JSON documents: read whole, written whole, never queried into.</summary>
public sealed record DatasetState
{
    public required string Id { get; init; }
    public string OwnerId { get; init; } = "";
    public required string RepoId { get; init; }
    public string? Config { get; init; }
    public string Split { get; init; } = "train";
    public string? Revision { get; init; }
    public required string Status { get; init; }
    public double Progress { get; init; }
    public string? Message { get; init; }
    public string? Error { get; init; }
    public long? NumSamples { get; init; }
    public long? SizeBytes { get; init; }
    public string FilesJson { get; init; } = "[]";
    public string? TokenizationJson { get; init; }
    public string? StatisticsJson { get; init; }
    public string? JobId { get; init; }
    public long LastProgressAt { get; init; }
    public long CreatedAt { get; init; }
}
