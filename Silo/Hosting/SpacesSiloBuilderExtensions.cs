using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;
using Orleans.Hosting;
using Spaces.Grains.Accounts;
using Spaces.Silo.Jobs;

namespace Spaces.Silo.Hosting;

public static class SpacesSiloBuilderExtensions
{
    /// <summary>The silo this host co-hosts, on the storage <c>Spaces:Storage</c> chooses (see <see cref="SpacesStorageSiloBuilderExtensions"/>).</summary>
    public static ISiloBuilder UseSpacesSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddSpacesStorage(configuration);
        silo.AddSpacesMembershipTuning(configuration);
        // Grain calls carry the caller's trace and appear as spans (Telemetry in the host exports them when configured).
        silo.AddActivityPropagation();
        silo.AddJobPlacement(configuration.GetValue($"{JobRunnerOptions.Section}:{nameof(JobRunnerOptions.Enabled)}", true));
        silo.AllowJobCheckInterval();
        // Every silo feeds the dashboard; the web hosts map it, for admins only (Api's MapSpacesDashboard).
        // No live log stream: it holds a response open forever and shows log lines to whoever has the page.
        silo.AddDashboard(o => o.HideTrace = true);
        silo.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section);
        CachedGrainInterfaceTypes.AddTo(silo.Services);
        return silo;
    }
}
