using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Spaces.Silo.Blobs;
using Spaces.Silo.Hosting;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Storage;

/// <summary>
/// <c>UseOrleans(silo => silo.AddSpacesStorage(configuration))</c> in a real host, as the product's host will call it:
/// a grain's state and reminder written by one host are found by the next one started on the same storage.
/// </summary>
public static class SpacesStorageHost
{
    public static async Task<(string? Value, bool HasReminder)> WriteThenReadAfterRestartAsync(
        Dictionary<string, string?> configuration, Type expectedBlobStore)
    {
        var key = Guid.NewGuid().ToString("N");
        await using (var first = await StartAsync(configuration))
        {
            Assert.IsType(expectedBlobStore, first.Services.GetRequiredService<IBlobStore>());
            var grain = first.Services.GetRequiredService<IClusterClient>().GetGrain<IStorageProbeGrain>(key);
            await grain.SetAsync("across restarts");
            await grain.RemindAsync();
        }
        await using var second = await StartAsync(configuration);
        var again = second.Services.GetRequiredService<IClusterClient>().GetGrain<IStorageProbeGrain>(key);
        return (await again.GetAsync(), await again.HasReminderAsync());
    }

    private static async Task<StartedHost> StartAsync(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.UseOrleans(silo => silo.AddSpacesStorage(builder.Configuration));
        var host = builder.Build();
        await Wait.ForAsync(host.StartAsync(), "the silo host to start", TimeSpan.FromSeconds(60));
        return new StartedHost(host);
    }

    private sealed class StartedHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async ValueTask DisposeAsync()
        {
            await Wait.ForAsync(host.StopAsync(), "the silo host to stop", TimeSpan.FromSeconds(60));
            host.Dispose();
        }
    }
}

public sealed class EmbeddedStorageHostTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task AddSpacesStorage_Embedded_KeepsGrainStateAndRemindersAcrossHostRestarts()
    {
        var value = await SpacesStorageHost.WriteThenReadAfterRestartAsync(new()
        {
            ["Spaces:DataPath"] = _data.Path,
            ["Spaces:Cluster:SiloPort"] = $"{HostProcess.FreePort()}",
            ["Spaces:Cluster:GatewayPort"] = $"{HostProcess.FreePort()}",
        }, typeof(FileSystemBlobStore));

        Assert.Equal(("across restarts", true), value);
        Assert.True(File.Exists(Path.Combine(_data.Path, "orleans", "grain-state.db")));
    }

    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddSpacesStorage_AzureStorage_FormsAClusterOnAzuriteAndKeepsGrainStateAndRemindersAcrossHostRestarts()
    {
        var value = await SpacesStorageHost.WriteThenReadAfterRestartAsync(new()
        {
            ["Spaces:Storage"] = "AzureStorage",
            ["ConnectionStrings:AzureStorage"] = azurite.ConnectionString,
            ["Spaces:Cluster:ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Spaces:Cluster:AdvertisedAddress"] = "127.0.0.1",
            ["Spaces:Cluster:SiloPort"] = $"{HostProcess.FreePort()}",
            ["Spaces:Cluster:GatewayPort"] = $"{HostProcess.FreePort()}",
        }, typeof(AzureBlobStore));

        Assert.Equal(("across restarts", true), value);
    }
}
