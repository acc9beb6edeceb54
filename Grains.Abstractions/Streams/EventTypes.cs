namespace Spaces.Grains.Abstractions.Streams;

/// <summary>Event type names, as they travel in <c>Event({channel, seq, type, data})</c>.</summary>
public static class EventTypes
{
    // spaces/{id}/status
    public const string WorkerConnected = "worker_connected";
    public const string WorkerDisconnected = "worker_disconnected";
    public const string QueueChanged = "queue_changed";

    // requests/{id}
    public const string Queued = "queued";
    public const string Position = "position";
    public const string Progress = "progress";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    // datasets/{id}/progress (also "progress" and "completed" above)
    public const string Error = "error";
}
