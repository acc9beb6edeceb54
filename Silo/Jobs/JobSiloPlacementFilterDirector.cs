using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using Spaces.Grains.Datasets;

namespace Spaces.Silo.Jobs;

/// <summary>
/// Keeps the silos whose metadata says they run jobs. When none does (a single host, a test cluster without metadata, or
/// no job silo known yet) every compatible silo stays a candidate: the grain placed there refuses if its silo has jobs
/// disabled, and is placed again on the next call.
/// </summary>
internal sealed class JobSiloPlacementFilterDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var candidates = silos.ToList();
        var jobSilos = candidates.Where(RunsJobs).ToList();
        return jobSilos.Count > 0 ? jobSilos : candidates;
    }

    private bool RunsJobs(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(JobSiloPlacementFilterStrategy.MetadataKey, out var value)
        && value == JobSiloPlacementFilterStrategy.Enabled;
}
