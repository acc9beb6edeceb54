namespace Spaces.Grains.Spaces;

/// <summary>A request's row. <see cref="Ticket"/> orders the queue; a requeued request keeps its ticket, so it is at the head again.</summary>
public sealed record RequestState
{
    public required string Id { get; init; }
    public required string SpaceId { get; init; }
    public long Ticket { get; init; }
    public required string Status { get; init; }
    public string Prompt { get; init; } = "";
    public string FilesJson { get; init; } = "[]";
    public double Progress { get; init; }
    public string? Message { get; init; }
    public string? ResultJson { get; init; }
    public string? Error { get; init; }
    public int Attempts { get; init; }
    public string SubmitterId { get; init; } = "";
    public string? DispatchedTo { get; init; }
    public long CreatedAt { get; init; }
    public long? StartedAt { get; init; }
    public long? CompletedAt { get; init; }
}
