using Spaces.Grains.Datasets;

namespace Spaces.Silo.Stores;

/// <summary>
/// Leases on durable jobs. A node claims the oldest queued job, or a running one whose lease ran out (its node died),
/// and renews the lease while it works. Outcomes are written by the dataset's grain, not here.
/// </summary>
public interface IJobQueue
{
    Task<JobState?> ClaimAsync(string nodeId, long now, long leaseUntil, CancellationToken cancellationToken);

    /// <summary>False when the lease was lost (the job was cancelled, finished or claimed by another node).</summary>
    Task<bool> RenewAsync(string jobId, string nodeId, long leaseUntil, CancellationToken cancellationToken);

    /// <summary>Makes jobs leased by any other node claimable now: used by a node that knows it is the only one.</summary>
    Task<int> ExpireLeasesNotHeldByAsync(string nodeId, CancellationToken cancellationToken);
}
