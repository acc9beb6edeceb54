using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Spaces.Grains.Datasets;

namespace Spaces.Silo.Jobs;

public static class JobPlacementSiloBuilderExtensions
{
    /// <summary>
    /// Publishes whether this silo runs dataset jobs (silo metadata <see cref="JobSiloPlacementFilterStrategy.MetadataKey"/>)
    /// and registers the placement filter that sends <see cref="JobHostGrain"/> activations to the silos that do.
    /// </summary>
    public static ISiloBuilder AddJobPlacement(this ISiloBuilder silo, bool jobsEnabled)
    {
        silo.UseSiloMetadata(new Dictionary<string, string>
        {
            [JobSiloPlacementFilterStrategy.MetadataKey] = jobsEnabled ? JobSiloPlacementFilterStrategy.Enabled : JobSiloPlacementFilterStrategy.Disabled,
        });
        silo.Services.AddPlacementFilter<JobSiloPlacementFilterStrategy, JobSiloPlacementFilterDirector>(ServiceLifetime.Transient);
        return silo;
    }

    /// <summary>Lets the dataset reminder tick as often as <c>Spaces:Datasets:JobCheckInterval</c> asks, below Orleans' one-minute default.</summary>
    public static ISiloBuilder AllowJobCheckInterval(this ISiloBuilder silo)
    {
        silo.Services.AddOptions<ReminderOptions>().Configure<IOptions<DatasetGrainOptions>>((reminders, datasets) =>
        {
            if (datasets.Value.JobCheckInterval < reminders.MinimumReminderPeriod)
            {
                reminders.MinimumReminderPeriod = datasets.Value.JobCheckInterval;
            }
        });
        return silo;
    }
}
