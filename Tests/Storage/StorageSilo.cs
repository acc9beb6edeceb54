using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Spaces.Tests.Storage;

/// <summary>One in-process silo (and its client) with the storage providers under test registered the way the host will.</summary>
public sealed class StorageSilo : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private StorageSilo(InProcessTestCluster cluster) => _cluster = cluster;

    public IClusterClient Client => _cluster.Client;

    public IServiceProvider Services => _cluster.Silos[0].ServiceProvider;

    public static async Task<StorageSilo> StartAsync(Action<ISiloBuilder> configure)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => configure(silo));
        var cluster = builder.Build();
        await Infrastructure.Wait.ForAsync(cluster.DeployAsync(), "the storage test silo to start", TimeSpan.FromSeconds(60));
        return new StorageSilo(cluster);
    }

    public IGrainStorage GrainStorage(string name) => Services.GetRequiredKeyedService<IGrainStorage>(name);

    public Task DeactivateAsync(IAddressable grain) => _cluster.DeactivateAsync(grain);

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
