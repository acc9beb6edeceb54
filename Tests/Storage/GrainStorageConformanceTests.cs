using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Spaces.Tests.Storage;

/// <summary>
/// What every grain storage provider of Spaces must do, run once per provider (SQLite and Azure Table). The providers
/// are the silo's own instances, so their registration and lifecycle are the ones the host will use.
/// </summary>
public abstract class GrainStorageConformanceTests
{
    private const string StateName = "conformance";

    /// <summary>The provider under test, started.</summary>
    protected abstract Task<IGrainStorage> StorageAsync();

    /// <summary>A large state this provider must keep whole.</summary>
    protected abstract int LargeStateBytes { get; }

    [Fact]
    public async Task Read_MissingState_IsNewStateWithoutETag()
    {
        var storage = await StorageAsync();
        var state = new ConformanceGrainState();

        await storage.ReadStateAsync(StateName, NewGrain(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal("", state.State.Name);
    }

    [Fact]
    public async Task Write_ThenRead_RoundTripsStateAndETag()
    {
        var storage = await StorageAsync();
        var grain = NewGrain();
        var written = new ConformanceGrainState(new ConformanceState { Name = "first", Version = 7, Tags = ["a", "b"], Payload = [1, 2, 3] });

        await storage.WriteStateAsync(StateName, grain, written);
        var read = await ReadAsync(storage, grain);

        Assert.True(written.RecordExists);
        Assert.False(string.IsNullOrEmpty(written.ETag));
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("first", read.State.Name);
        Assert.Equal(7, read.State.Version);
        Assert.Equal(["a", "b"], read.State.Tags);
        Assert.Equal([1, 2, 3], read.State.Payload);
    }

    [Fact]
    public async Task Write_Twice_ChangesETagAndKeepsLastState()
    {
        var storage = await StorageAsync();
        var grain = NewGrain();
        var state = new ConformanceGrainState(new ConformanceState { Version = 1 });
        await storage.WriteStateAsync(StateName, grain, state);
        var first = state.ETag;

        state.State.Version = 2;
        await storage.WriteStateAsync(StateName, grain, state);

        Assert.NotEqual(first, state.ETag);
        Assert.Equal(2, (await ReadAsync(storage, grain)).State.Version);
    }

    [Fact]
    public async Task Write_WithStaleETag_ThrowsInconsistentStateAndKeepsStoredState()
    {
        var storage = await StorageAsync();
        var grain = NewGrain();
        await storage.WriteStateAsync(StateName, grain, new ConformanceGrainState(new ConformanceState { Name = "base" }));
        var mine = await ReadAsync(storage, grain);
        var theirs = await ReadAsync(storage, grain);
        theirs.State.Name = "theirs";
        await storage.WriteStateAsync(StateName, grain, theirs);

        mine.State.Name = "mine";
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, mine));

        Assert.Equal("theirs", (await ReadAsync(storage, grain)).State.Name);
    }

    [Fact]
    public async Task Write_WithoutETagOverExistingState_ThrowsInconsistentState()
    {
        var storage = await StorageAsync();
        var grain = NewGrain();
        await storage.WriteStateAsync(StateName, grain, new ConformanceGrainState(new ConformanceState { Name = "first" }));

        var blind = new ConformanceGrainState(new ConformanceState { Name = "blind" });
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, blind));

        Assert.Equal("first", (await ReadAsync(storage, grain)).State.Name);
    }

    [Fact]
    public async Task Clear_WithStaleETag_ThrowsInconsistentStateAndKeepsStoredState()
    {
        var storage = await StorageAsync();
        var grain = NewGrain();
        await storage.WriteStateAsync(StateName, grain, new ConformanceGrainState(new ConformanceState { Name = "base" }));
        var stale = await ReadAsync(storage, grain);
        var current = await ReadAsync(storage, grain);
        current.State.Name = "moved on";
        await storage.WriteStateAsync(StateName, grain, current);

        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain, stale));

        var read = await ReadAsync(storage, grain);
        Assert.True(read.RecordExists);
        Assert.Equal("moved on", read.State.Name);
    }

    [Fact]
    public async Task Clear_ThenRead_IsNoRecordWithNewState()
    {
        var storage = await StorageAsync();
        var grain = NewGrain();
        var state = new ConformanceGrainState(new ConformanceState { Name = "doomed" });
        await storage.WriteStateAsync(StateName, grain, state);

        await storage.ClearStateAsync(StateName, grain, state);
        var read = await ReadAsync(storage, grain);

        Assert.False(state.RecordExists);
        Assert.Equal("", state.State.Name);
        Assert.False(read.RecordExists);
        Assert.Equal("", read.State.Name);
        // Default clear (as Azure Table's DeleteStateOnClear=false) keeps the row with a new ETag, which guards the next write.
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_ThenWriteAgain_StoresTheNewState()
    {
        var storage = await StorageAsync();
        var grain = NewGrain();
        var state = new ConformanceGrainState(new ConformanceState { Name = "old" });
        await storage.WriteStateAsync(StateName, grain, state);
        await storage.ClearStateAsync(StateName, grain, state);

        state.State = new ConformanceState { Name = "new" };
        await storage.WriteStateAsync(StateName, grain, state);

        var read = await ReadAsync(storage, grain);
        Assert.True(read.RecordExists);
        Assert.Equal("new", read.State.Name);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_ThenWriteWithETagFromBeforeTheClear_ThrowsInconsistentState()
    {
        var storage = await StorageAsync();
        var grain = NewGrain();
        await storage.WriteStateAsync(StateName, grain, new ConformanceGrainState(new ConformanceState { Name = "old" }));
        var stale = await ReadAsync(storage, grain);
        var clearer = await ReadAsync(storage, grain);
        await storage.ClearStateAsync(StateName, grain, clearer);

        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));
        Assert.False((await ReadAsync(storage, grain)).RecordExists);
    }

    [Fact]
    public async Task Write_LargeState_KeepsEveryByte()
    {
        var storage = await StorageAsync();
        var grain = NewGrain();
        var payload = new byte[LargeStateBytes];
        new Random(LargeStateBytes).NextBytes(payload);

        await storage.WriteStateAsync(StateName, grain, new ConformanceGrainState(new ConformanceState { Name = "large", Payload = payload }));
        var read = await ReadAsync(storage, grain);

        Assert.Equal("large", read.State.Name);
        Assert.Equal(payload.Length, read.State.Payload.Length);
        Assert.True(payload.AsSpan().SequenceEqual(read.State.Payload), "the large state came back altered");
    }

    [Fact]
    public async Task Write_EmptyState_IsARecordWithEmptyValues()
    {
        var storage = await StorageAsync();
        var grain = NewGrain();

        await storage.WriteStateAsync(StateName, grain, new ConformanceGrainState(new ConformanceState()));
        var read = await ReadAsync(storage, grain);

        Assert.True(read.RecordExists);
        Assert.Equal("", read.State.Name);
        Assert.Empty(read.State.Payload);
        Assert.Empty(read.State.Tags);
    }

    [Fact]
    public async Task States_OfOneGrainWithDifferentNames_AreSeparate()
    {
        var storage = await StorageAsync();
        var grain = NewGrain();

        await storage.WriteStateAsync("first", grain, new ConformanceGrainState(new ConformanceState { Name = "one" }));
        await storage.WriteStateAsync("second", grain, new ConformanceGrainState(new ConformanceState { Name = "two" }));

        var first = new ConformanceGrainState();
        await storage.ReadStateAsync("first", grain, first);
        var second = new ConformanceGrainState();
        await storage.ReadStateAsync("second", grain, second);
        Assert.Equal("one", first.State.Name);
        Assert.Equal("two", second.State.Name);
    }

    [Fact]
    public async Task Writes_FromManyGrainsAtOnce_AllCommitAndOnlyStaleWritersAreRefused()
    {
        const int Grains = 64;
        const int WritesPerGrain = 5;
        var storage = await StorageAsync();
        var grains = Enumerable.Range(0, Grains).Select(_ => NewGrain()).ToArray();
        await Task.WhenAll(grains.Select(g => storage.WriteStateAsync(StateName, g, new ConformanceGrainState(new ConformanceState()))));

        // Each grain's own writer writes in sequence with its ETag; a blind writer (no ETag) races it on every other grain.
        var owners = grains.Select(async g =>
        {
            var state = await ReadAsync(storage, g);
            for (var version = 1; version <= WritesPerGrain; version++)
            {
                state.State.Version = version;
                await storage.WriteStateAsync(StateName, g, state);
            }
        });
        var blind = grains.Where((_, i) => i % 2 == 0).Select(async g =>
        {
            var state = new ConformanceGrainState(new ConformanceState { Name = "blind" });
            return await Record.ExceptionAsync(() => storage.WriteStateAsync(StateName, g, state));
        }).ToArray();
        await Infrastructure.Wait.ForAsync(Task.WhenAll(owners), "every owner's writes to commit", TimeSpan.FromSeconds(60));
        var refusals = await Task.WhenAll(blind);

        Assert.All(refusals, e => Assert.IsAssignableFrom<InconsistentStateException>(e));
        foreach (var g in grains)
        {
            var read = await ReadAsync(storage, g);
            Assert.Equal(WritesPerGrain, read.State.Version);
            Assert.Equal("", read.State.Name);
        }
    }

    protected static GrainId NewGrain() => GrainId.Create("conformance", Guid.NewGuid().ToString("N"));

    protected static async Task<ConformanceGrainState> ReadAsync(IGrainStorage storage, GrainId grain, string stateName = StateName)
    {
        var state = new ConformanceGrainState();
        await storage.ReadStateAsync(stateName, grain, state);
        return state;
    }
}
