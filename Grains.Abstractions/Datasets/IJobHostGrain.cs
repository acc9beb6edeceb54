using Orleans;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>
/// Where one dataset's job runs (keyed by the dataset id): an activation placed only on silos that run jobs, handing
/// runs to that silo's job runner. When its silo dies, the next call lands on a new activation on a live job silo,
/// which knows no run: the dataset's grain then starts the run again from its checkpoint.
/// </summary>
public interface IJobHostGrain : IGrainWithStringKey
{
    /// <summary>Queues the run on this silo's runner.</summary>
    Task StartAsync(JobTicket ticket);

    /// <summary>True while this silo runs <paramref name="runId"/>.</summary>
    Task<bool> IsRunningAsync(string runId);

    Task CancelAsync(string runId);
}
