using Orleans.Runtime;
using Orleans.Storage;
using Spaces.Silo.Storage.Azure;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableGrainStorageTests(AzuriteFixture azurite) : GrainStorageConformanceTests
{
    private const string Name = "spaces";

    // Orleans' Azure Table provider splits a state over 15 binary properties of 64 KiB; this is just under that limit.
    private const int TableLimitBytes = 15 * 64 * 1024;

    protected override int LargeStateBytes => 900 * 1024;

    protected override async Task<IGrainStorage> StorageAsync() => (await SiloAsync()).GrainStorage(Name);

    [Fact]
    public async Task Write_StateOverTheTableLimit_IsRefusedAndTheStoredStateKept()
    {
        var storage = await StorageAsync();
        var grain = NewGrain();
        var state = new ConformanceGrainState(new ConformanceState { Name = "small" });
        await storage.WriteStateAsync("conformance", grain, state);

        state.State = new ConformanceState { Name = "too large", Payload = new byte[TableLimitBytes + 1] };
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => storage.WriteStateAsync("conformance", grain, state));

        Assert.Equal("small", (await ReadAsync(storage, grain)).State.Name);
    }

    private Task<StorageSilo> SiloAsync() => azurite.SharedAsync("table-grain-storage", a =>
    {
        var account = AzureStorageAccount.Parse(a.ConnectionString);
        return StorageSilo.StartAsync(silo => silo.AddSpacesAzureTableGrainStorage(Name, account));
    });
}
