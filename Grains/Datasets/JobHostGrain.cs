using Orleans;
using Spaces.Grains.Abstractions.Datasets;

namespace Spaces.Grains.Datasets;

/// <summary>
/// Job execution is placed with a grain rather than by placing <see cref="DatasetGrain"/> itself on job silos: the dataset
/// (its state, channel and API reads) stays available on any silo while no job silo is up, and only the work waits for
/// one. A silo with <c>Spaces:Jobs:Enabled=false</c> refuses the calls, should placement fall back to it because no silo
/// advertises jobs yet; the dataset's reminder asks again later.
/// </summary>
[JobSiloPlacementFilter]
public sealed class JobHostGrain(IJobRunner jobs) : Grain, IJobHostGrain
{
    public Task StartAsync(JobTicket ticket)
    {
        EnsureAccepted();
        jobs.Start(ticket);
        return Task.CompletedTask;
    }

    public Task<bool> IsRunningAsync(string runId)
    {
        EnsureAccepted();
        return Task.FromResult(jobs.IsRunning(runId));
    }

    public Task CancelAsync(string runId)
    {
        jobs.Cancel(runId);
        return Task.CompletedTask;
    }

    private void EnsureAccepted()
    {
        if (!jobs.AcceptsJobs)
        {
            // Leave this silo, so the next call is placed again, on a job silo once one is known.
            DeactivateOnIdle();
            throw new InvalidOperationException("This silo does not run dataset jobs (Spaces:Jobs:Enabled is false) and no job silo was found");
        }
    }
}
