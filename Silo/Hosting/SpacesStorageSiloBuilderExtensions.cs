using System.Net;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Spaces.Grains;
using Spaces.Silo.Blobs;
using Spaces.Silo.Storage;
using Spaces.Silo.Storage.Azure;
using Spaces.Silo.Storage.Embedded;

namespace Spaces.Silo.Hosting;

/// <summary>The silo's storage, chosen by <c>Spaces:Storage</c>: the host's <c>UseOrleans</c> calls <see cref="AddSpacesStorage"/>.</summary>
public static class SpacesStorageSiloBuilderExtensions
{
    /// <summary>
    /// Membership, grain storage (<see cref="GrainStorage.Name"/>), reminders and the <see cref="IBlobStore"/>: embedded (one
    /// localhost silo on SQLite and files under <c>Spaces:DataPath</c>) or AzureStorage (Azure Table and Blob from
    /// <c>ConnectionStrings:AzureStorage</c>), with the identities and ports of <c>Spaces:Cluster</c>.
    /// </summary>
    public static ISiloBuilder AddSpacesStorage(this ISiloBuilder builder, IConfiguration configuration)
    {
        var settings = SpacesStorageSettings.From(configuration);
        builder.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = settings.ServiceId;
            o.ClusterId = settings.ClusterId;
        });
        return settings.Mode switch
        {
            StorageMode.Embedded => builder.AddEmbeddedStorage(settings),
            StorageMode.AzureStorage => builder.AddAzureStorage(settings, settings.Account
                ?? throw new InvalidOperationException($"{AzureStorageAccount.ConfigurationKey} is not set")),
            _ => throw new InvalidOperationException($"{SpacesStorageSettings.StorageKey}: unknown mode {settings.Mode}"),
        };
    }

    private static ISiloBuilder AddEmbeddedStorage(this ISiloBuilder builder, SpacesStorageSettings settings)
    {
        // No gateway: the host's own code calls grains in-process, and no client outside it connects to one silo.
        builder.UseLocalhostClustering(settings.SiloPort, gatewayPort: 0, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
        builder.AddSpacesSqliteGrainStorage(GrainStorage.Name, o => o.FilePath = settings.GrainStateFile);
        builder.UseSpacesSqliteReminderService(o => o.FilePath = settings.RemindersFile);
        builder.Services.AddSingleton<IBlobStore>(_ => new FileSystemBlobStore(settings.BlobsFolder));
        builder.Services.AddStorageReadiness(_ => new EmbeddedStorageProbe(settings.GrainStateFile, settings.BlobsFolder));
        return builder;
    }

    private static ISiloBuilder AddAzureStorage(this ISiloBuilder builder, SpacesStorageSettings settings, AzureStorageAccount account)
    {
        builder.ConfigureEndpoints(settings.AdvertisedAddress ?? FirstAddress(), settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
        builder.UseSpacesAzureTableClustering(account);
        builder.AddSpacesAzureTableGrainStorage(GrainStorage.Name, account);
        builder.UseSpacesAzureTableReminders(account);
        // One client of the container for the files and the readiness probe (a client is thread-safe and holds a pipeline).
        var container = new Lazy<BlobContainerClient>(() => account.CreateBlobServiceClient().GetBlobContainerClient(settings.BlobContainer));
        builder.Services.AddSingleton<IBlobStore>(sp => new AzureBlobStore(container.Value, sp.GetRequiredService<ILogger<AzureBlobStore>>()));
        builder.Services.AddStorageReadiness(_ => new AzureStorageProbe(account.CreateTableServiceClient(), container.Value));
        return builder;
    }

    private static void AddStorageReadiness(this IServiceCollection services, Func<IServiceProvider, IStorageProbe> probe)
    {
        services.AddSingleton(probe);
        services.AddSingleton<StorageReadiness>();
    }

    /// <summary>This host's first non-loopback IPv4 address, as Orleans' own ConfigureEndpoints(hostname) would pick.</summary>
    private static IPAddress FirstAddress() =>
        Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? IPAddress.Loopback;
}
