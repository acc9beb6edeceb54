using Spaces.Grains.Abstractions.Datasets;

namespace Spaces.Grains.Datasets;

/// <summary>
/// The job runner of the silo a dataset's grain is active on: it runs a job off the grain's scheduler, with bounded
/// concurrency, and the job reports back to the grain.
/// </summary>
public interface IJobRunner
{
    bool IsRunning(string runId);

    /// <summary>Queues the run; it starts when a slot is free.</summary>
    void Start(JobTicket ticket);

    /// <summary>Stops the run if it is running here.</summary>
    void Cancel(string runId);
}
