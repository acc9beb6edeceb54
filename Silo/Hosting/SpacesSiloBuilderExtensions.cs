using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Spaces.Grains.Accounts;

namespace Spaces.Silo.Hosting;

public static class SpacesSiloBuilderExtensions
{
    /// <summary>The silo this host co-hosts, on the storage <c>Spaces:Storage</c> chooses (see <see cref="SpacesStorageSiloBuilderExtensions"/>).</summary>
    public static ISiloBuilder UseSpacesSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddSpacesStorage(configuration);
        // Grain calls carry the caller's trace and appear as spans (Telemetry in the host exports them when configured).
        silo.AddActivityPropagation();
        silo.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section);
        return silo;
    }
}
