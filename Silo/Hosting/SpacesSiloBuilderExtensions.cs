using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Spaces.Grains;
using Spaces.Grains.Accounts;

namespace Spaces.Silo.Hosting;

public static class SpacesSiloBuilderExtensions
{
    /// <summary>
    /// The silo this host co-hosts, as <c>Spaces:Storage</c> chooses: <c>Embedded</c> is one silo on the loopback
    /// address with its state in this host's data folder.
    /// </summary>
    public static ISiloBuilder UseSpacesSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(SpacesClusterOptions.Section).Get<SpacesClusterOptions>() ?? new SpacesClusterOptions();
        silo.UseLocalhostClustering(cluster.SiloPort, gatewayPort: 0, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        silo.AddMemoryGrainStorage(GrainStorage.Name);
        silo.UseInMemoryReminderService();
        silo.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section);
        return silo;
    }
}
