using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Spaces.Silo.Storage.Embedded;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Storage;

/// <summary><see cref="SqliteGrainStorageOptions.DeleteStateOnClear"/>: clear removes the row, as Azure Table's option does.</summary>
public sealed class SqliteDeleteOnClearTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private SqliteGrainStateStorage? _storage;

    private SqliteGrainStateStorage Storage => _storage ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _storage = new SqliteGrainStateStorage(
            "delete-on-clear",
            new SqliteGrainStorageOptions { FilePath = Path.Combine(_folder.Path, "state.db"), DeleteStateOnClear = true },
            new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()),
            _services.GetRequiredService<IActivatorProvider>(),
            NullLogger<SqliteGrainStateStorage>.Instance);
        await _storage.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Storage.DisposeAsync();
        await _services.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Clear_DeletesTheRow_SoTheNextWriteNeedsNoETag()
    {
        var grain = GrainId.Create("conformance", Guid.NewGuid().ToString("N"));
        var state = new ConformanceGrainState(new ConformanceState { Name = "doomed" });
        await Storage.WriteStateAsync("s", grain, state);

        await Storage.ClearStateAsync("s", grain, state);
        var read = new ConformanceGrainState();
        await Storage.ReadStateAsync("s", grain, read);

        Assert.Null(state.ETag);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        await Storage.WriteStateAsync("s", grain, new ConformanceGrainState(new ConformanceState { Name = "reborn" }));
    }

    [Fact]
    public async Task Clear_WithStaleETag_ThrowsInconsistentStateAndKeepsTheRow()
    {
        var grain = GrainId.Create("conformance", Guid.NewGuid().ToString("N"));
        var stale = new ConformanceGrainState(new ConformanceState { Name = "first" });
        await Storage.WriteStateAsync("s", grain, stale);
        var current = new ConformanceGrainState();
        await Storage.ReadStateAsync("s", grain, current);
        await Storage.WriteStateAsync("s", grain, current);

        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => Storage.ClearStateAsync("s", grain, stale));

        var read = new ConformanceGrainState();
        await Storage.ReadStateAsync("s", grain, read);
        Assert.True(read.RecordExists);
    }
}
