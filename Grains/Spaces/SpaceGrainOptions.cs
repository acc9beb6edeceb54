namespace Spaces.Grains.Spaces;

/// <summary>Queue policy of every space (section <c>Spaces:Queue</c>).</summary>
public sealed class SpaceGrainOptions
{
    /// <summary>Submissions past this many queued requests are refused with <c>QueueFull</c>.</summary>
    public int MaxQueueSize { get; set; } = 1000;

    /// <summary>
    /// Submissions of a user who already has this many requests queued in the space are refused with
    /// <c>UserQueueLimit</c>, so one user cannot fill the queue for everyone. Only queued requests count: the one
    /// processing does not, so the user gets in again as their requests start.
    /// </summary>
    public int MaxQueuedPerUser { get; set; } = 100;

    /// <summary>A request whose worker disconnected this many times while processing it fails.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Queued requests of a space without a worker fail after this long.</summary>
    public TimeSpan QueuedTimeoutWithoutWorker { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Position changes are pushed to the first this-many queued requests: pushing to all of them would make every
    /// dispatch cost O(queue) grain calls. Requests further back read their position from the space when their
    /// snapshot or status is read, and are told as soon as they enter the window.
    /// </summary>
    public int PositionWindow { get; set; } = 10;

    /// <summary>How often a space asks its worker's host whether the connection is still there, and checks its queue's timeout.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A worker whose host has not confirmed it (a check or a report) for this long loses its in-flight request.</summary>
    public TimeSpan WorkerLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a call to the worker's host may take before the host counts as unreachable.</summary>
    public TimeSpan RelayTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
