namespace Spaces.Grains.Datasets;

/// <summary>
/// A durable unit of work (import or tokenize), leased by one node at a time. A lease that runs out without renewal
/// means the node died: any node may claim the job again. Its outcome is written by the dataset's grain.
/// </summary>
public sealed record JobState
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string DatasetId { get; init; }
    public string PayloadJson { get; init; } = "{}";
    public required string Status { get; init; }
    public string? LeaseOwner { get; init; }
    public long? LeaseUntil { get; init; }
    public int Attempts { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
}

public static class JobKinds
{
    public const string Import = "import";
    public const string Tokenize = "tokenize";
}

public static class JobStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
