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
    /// dispatch cost O(queue), and each event dirties its own page of the log (a window of 50 cut one busy space from
    /// ~580 to ~230 completed requests/s in Bench; 10 costs ~20%). Requests further back read their position from their
    /// snapshot or status call, and are told as soon as they enter the window.
    /// </summary>
    public int PositionWindow { get; set; } = 10;
}
