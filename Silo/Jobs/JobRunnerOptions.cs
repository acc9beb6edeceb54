namespace Spaces.Silo.Jobs;

/// <summary>How this host runs dataset jobs (section <c>Spaces:Jobs</c>).</summary>
public sealed class JobRunnerOptions
{
    public const string Section = "Spaces:Jobs";

    /// <summary>Jobs this host runs at once; the others wait for a slot.</summary>
    public int MaxConcurrentJobs { get; set; } = 2;

    /// <summary>
    /// False keeps dataset jobs off this host (a web host of a cluster with job silos): the silo advertises it in its
    /// metadata and job placement (<c>JobSiloPlacementFilter</c>) skips it.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
