namespace Spaces.Silo.Jobs;

/// <summary>How this node runs durable jobs (section <c>Spaces:Jobs</c>).</summary>
public sealed class JobRunnerOptions
{
    public int MaxConcurrentJobs { get; set; } = 2;

    /// <summary>A job whose lease is not renewed for this long is taken to be orphaned and may be claimed again.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A job claimed more often than this (its node kept dying) fails for good.</summary>
    public int MaxAttempts { get; set; } = 3;
}
