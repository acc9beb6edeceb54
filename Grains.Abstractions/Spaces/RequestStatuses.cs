namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A request's status as stored and as it travels: <c>queued → processing → completed | failed | cancelled</c>.</summary>
public static class RequestStatuses
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinished(string status) => status is Completed or Failed or Cancelled;
}
