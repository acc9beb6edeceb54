using Spaces.Grains.Abstractions.Datasets;

namespace Spaces.Grains.Datasets;

/// <summary>
/// The job runner of the silo a dataset's <see cref="JobHostGrain"/> is active on: it runs a job off the grain's scheduler, with bounded
/// concurrency, and the job reports back to the grain.
/// </summary>
public interface IJobRunner
{
    /// <summary>False on a host with <c>Spaces:Jobs:Enabled=false</c>: its jobs run on other silos.</summary>
    bool AcceptsJobs { get; }

    bool IsRunning(string runId);

    /// <summary>Queues the run; it starts when a slot is free.</summary>
    void Start(JobTicket ticket);

    /// <summary>Stops the run if it is running here.</summary>
    void Cancel(string runId);
}
