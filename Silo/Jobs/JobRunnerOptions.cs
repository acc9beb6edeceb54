namespace Spaces.Silo.Jobs;

/// <summary>How this host runs dataset jobs (section <c>Spaces:Jobs</c>).</summary>
public sealed class JobRunnerOptions
{
    public const string Section = "Spaces:Jobs";

    /// <summary>Jobs this host runs at once; the others wait for a slot.</summary>
    public int MaxConcurrentJobs { get; set; } = 2;
}
