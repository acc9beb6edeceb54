namespace Spaces.Grains.Datasets;

/// <summary>Dataset policy (section <c>Spaces:Datasets</c>).</summary>
public sealed class DatasetGrainOptions
{
    public const string Section = "Spaces:Datasets";

    public int MaxLengthLimit { get; set; } = 1_000_000;

    /// <summary>A job started this many times (its host kept dying under it) fails for good.</summary>
    public int MaxJobAttempts { get; set; } = 3;

    /// <summary>
    /// How often the grain checks that its job is still running somewhere, and restarts it if not: also how long a job
    /// whose silo died waits, at most, after membership declares that silo dead.
    /// </summary>
    public TimeSpan JobCheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
