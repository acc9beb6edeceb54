using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Hosting;
using Orleans.TestingHost;
using Spaces.Grains;
using Spaces.Grains.Accounts;
using Spaces.Grains.Datasets;
using Spaces.Grains.Publishing;
using Spaces.Grains.Spaces;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Spaces.Silo.Jobs;
using Spaces.Silo.Storage.Embedded;

namespace Spaces.Tests.Infrastructure;

/// <summary>
/// Two real silos in this process (Orleans' <see cref="InProcessTestCluster"/>) and one clock the tests move. Grain state
/// is in one SQLite file both silos share, as hosts share their storage: memory storage would die with a killed silo.
/// One cluster per collection: tests use keys of their own, and run one at a time within it.
/// </summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    private const string SqliteStorage = "sqlite";
    private readonly TempFolder _storage = new();
    private InProcessTestCluster? _cluster;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The grain cluster is not deployed");

    public IGrainFactory Grains => Cluster.Client;

    public ScriptedJobRunner Jobs { get; } = new();

    /// <summary>
    /// Observers the tests created in this client. The client holds observers weakly, so a test that dropped its worker
    /// could have it collected mid-test: a dispatch to it then never answered, and the space rightly detached it.
    /// </summary>
    public ConcurrentBag<object> Observers { get; } = [];

    /// <summary>Switches the grain storage's writes to failing, for every silo.</summary>
    public StorageFaults Faults { get; } = new();

    /// <summary>The SQLite file that holds every grain's state: what the storage writes, byte for byte.</summary>
    public string StateFile => Path.Combine(_storage.Path, "grain-state.db");

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSpacesSqliteGrainStorage(SqliteStorage, o => o.FilePath = StateFile);
            silo.Services.AddGrainStorage(GrainStorage.Name, (sp, _) => new SwitchableGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(SqliteStorage), Faults));
            silo.UseInMemoryReminderService();
            silo.AddJobPlacement(jobsEnabled: true);
            silo.Services.AddSingleton<TimeProvider>(Time);
            // Orleans resolves each of its own areas' clocks by key, falling back to the one above: without these, messaging
            // (call timeouts, the client directory's refresh), membership and the directory would run on a clock that
            // stands still between the tests' steps. Grains, their timers and the reminders keep the tests' clock.
            foreach (var area in new[] { TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
                         TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory })
            {
                silo.Services.AddKeyedSingleton(area, TimeProvider.System);
            }
            silo.Services.AddSingleton<IJobRunner>(Jobs);
            silo.Services.AddSingleton<ChannelPublishers>();
            silo.Services.AddOptions<ChannelOptions>().Configure(o => o.RetainedEvents = 8);
            silo.Services.AddOptions<DatasetGrainOptions>();
            silo.Services.AddOptions<AccountOptions>();
            silo.Services.AddOptions<SpaceGrainOptions>().Configure(o =>
            {
                (o.MaxQueuedPerUser, o.MaxAttempts, o.PositionWindow) = (2, 2, 3);
                // The tests run the space's checks themselves, on the fake clock.
                o.CheckInterval = TimeSpan.FromHours(1);
                o.RelayTimeout = TimeSpan.FromSeconds(2);
            });
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        _storage.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class GrainClusterCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grain cluster";
}

/// <summary>A cluster of its own for the space tests: a collection can kill one silo only (the primary must stay).</summary>
[CollectionDefinition(Name)]
public sealed class SpaceClusterCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "space grain cluster";
}
