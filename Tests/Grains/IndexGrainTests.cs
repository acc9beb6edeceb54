using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Indexes;
using Spaces.Tests.Infrastructure;

using static Spaces.Tests.Grains.SpaceGrainSteps;

namespace Spaces.Tests.Grains;

/// <summary>An index (a user's requests) under parallel adds: a user's parallel submissions share its writes.</summary>
[Collection(SpaceClusterCollection.Name)]
public sealed class IndexGrainTests(GrainClusterFixture fixture)
{
    private const int Parallel = 40;

    [Fact]
    public async Task ParallelAdds_ShareWrites_AndAllAreListed()
    {
        var key = NewId();
        var index = fixture.Grains.GetGrain<IIndexGrain>(key);
        var writes = 0;
        fixture.Faults.FailWrite = (state, grain) =>
        {
            if (state == "index" && grain.Key.ToString() == key)
            {
                Interlocked.Increment(ref writes);
            }
            return false;
        };
        string[] ids = [.. Enumerable.Range(0, Parallel).Select(_ => NewId())];
        try
        {
            await Task.WhenAll(ids.Select(id => index.AddAsync(id, 1000)));
        }
        finally
        {
            fixture.Faults.FailWrite = null;
        }

        Assert.Equal(ids.Order(), (await index.ListAsync()).Order());
        Assert.InRange(writes, 1, Parallel - 1);
    }

    [Fact]
    public async Task ParallelAdds_WhoseWritesFail_AreEach503_AndNotListedOnceTheActivationIsDropped()
    {
        var key = NewId();
        var index = fixture.Grains.GetGrain<IIndexGrain>(key);
        var kept = NewId();
        await index.AddAsync(kept, 1000);

        fixture.Faults.FailWrite = (state, grain) => state == "index" && grain.Key.ToString() == key;
        Exception?[] outcomes;
        try
        {
            outcomes = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(async _ =>
            {
                try
                {
                    await index.AddAsync(NewId(), 1000);
                    return null;
                }
                catch (SpacesException e)
                {
                    return (Exception)e;
                }
            }));
        }
        finally
        {
            fixture.Faults.FailWrite = null;
        }

        Assert.All(outcomes, e => Assert.Equal(ErrorCode.StorageUnavailable, Assert.IsType<SpacesException>(e).Code));
        await Wait.UntilAsync(async () => (await index.ListAsync()).SequenceEqual([kept]), "the index back from its store", TimeSpan.FromSeconds(10));
    }
}
