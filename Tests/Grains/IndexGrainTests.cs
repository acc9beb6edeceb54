using Spaces.Grains;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Indexes;
using Spaces.Tests.Infrastructure;

using static Spaces.Tests.Grains.SpaceGrainSteps;

namespace Spaces.Tests.Grains;

/// <summary>
/// An index (a user's requests) under parallel adds: a user's parallel submissions share its writes; and its pages: the
/// newest ids are written on each change, older ones once per page, and all of them read back by a new activation.
/// </summary>
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
        string[] ids = [.. Enumerable.Range(0, Parallel).Select(_ => NewId())];
        await fixture.Faults.WhileAsync(
            (state, grain) =>
            {
                if (state == "index" && grain.Key.ToString() == key)
                {
                    Interlocked.Increment(ref writes);
                }
                return false;
            },
            () => Task.WhenAll(ids.Select(id => index.AddAsync(id, 1000))));

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

        Exception?[] outcomes = [];
        await fixture.Faults.WhileAsync(
            (state, grain) => state == "index" && grain.Key.ToString() == key,
            async () => outcomes = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(async _ =>
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
            })));

        Assert.All(outcomes, e => Assert.Equal(ErrorCode.StorageUnavailable, Assert.IsType<SpacesException>(e).Code));
        await Wait.UntilAsync(async () => (await index.ListAsync()).SequenceEqual([kept]), "the index back from its store", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Adds_PastSeveralPages_WriteEachPageOnce_AndAreListedNewestFirst_AlsoByTheNextActivation()
    {
        var (key, index) = NewIndex();
        var writes = new List<string>();
        string[] ids = [.. Enumerable.Range(0, (2 * IndexGrain.PageSize) + 50).Select(_ => NewId())];
        await WhileCountingWritesAsync(key, writes, async () =>
        {
            foreach (var id in ids)
            {
                await index.AddAsync(id, 1000);
            }
        });

        Assert.Equal(["index-page-0", "index-page-1"], writes.Where(w => w != "index"));
        Assert.Equal(ids.Length, writes.Count(w => w == "index"));
        Assert.Equal(ids.Reverse(), await index.ListAsync());
        await ReactivatedListsAsync(key, index, [.. ids.Reverse()]);
    }

    [Fact]
    public async Task KeepNewest_AcrossPages_ListsOnlyTheNewest_DropsWholePages_AndTheNextActivationAgrees()
    {
        var (key, index) = NewIndex();
        var writes = new List<string>();
        string[] ids = [.. Enumerable.Range(0, (3 * IndexGrain.PageSize) + 50).Select(_ => NewId())];
        const int Keep = IndexGrain.PageSize + 20;
        await WhileCountingWritesAsync(key, writes, async () =>
        {
            foreach (var id in ids)
            {
                await index.AddAsync(id, Keep);
            }
        });

        Assert.Equal(ids[^Keep..].Reverse(), await index.ListAsync());
        // Pages 0 and 1 held only ids older than the newest 120 by the time page 2 was sealed: cleared (a clear passes the same hook).
        Assert.Equal(2, writes.Count(w => w == "index-page-0"));
        Assert.Equal(2, writes.Count(w => w == "index-page-1"));
        await ReactivatedListsAsync(key, index, [.. ids[^Keep..].Reverse()]);
    }

    [Fact]
    public async Task Remove_OfAnIdInASealedPage_RewritesThatPage_AndTheIdStaysGone()
    {
        var (key, index) = NewIndex();
        string[] ids = [.. Enumerable.Range(0, IndexGrain.PageSize + 10).Select(_ => NewId())];
        foreach (var id in ids)
        {
            await index.AddAsync(id);
        }
        var writes = new List<string>();

        await WhileCountingWritesAsync(key, writes, () => index.RemoveAsync(ids[7]));

        Assert.Equal(["index-page-0", "index"], writes);
        var expected = ids.Where(id => id != ids[7]).Reverse().ToList();
        Assert.Equal(expected, await index.ListAsync());
        await ReactivatedListsAsync(key, index, expected);
    }

    [Fact]
    public async Task APageStored_WhoseHeadWriteFailed_IsWrittenOverByTheNextSeal_AndNothingAcknowledgedIsLost()
    {
        var (key, index) = NewIndex();
        string[] ids = [.. Enumerable.Range(0, IndexGrain.PageSize + 1).Select(_ => NewId())];
        foreach (var id in ids[..^2])
        {
            await index.AddAsync(id, 1000);
        }

        // The add that fills the head: its page is stored, the head naming it is not (as when the host dies between the two).
        await ReactivatedListsAsync(key, index, [.. ids[..^2].Reverse()]);
        await index.AddAsync(ids[^2], 1000);
        await index.AddAsync(ids[^1], 1000);

        Assert.Equal(ids.Reverse(), await index.ListAsync());
        await ReactivatedListsAsync(key, index, [.. ids.Reverse()]);
    }

    private (string Key, IIndexGrain Index) NewIndex()
    {
        var key = NewId();
        return (key, fixture.Grains.GetGrain<IIndexGrain>(key));
    }

    /// <summary>Runs <paramref name="step"/> recording the name of each state the index writes or clears.</summary>
    private Task WhileCountingWritesAsync(string key, List<string> writes, Func<Task> step) =>
        fixture.Faults.WhileAsync((state, grain) =>
        {
            if (grain.Key.ToString() == key)
            {
                lock (writes)
                {
                    writes.Add(state);
                }
            }
            return false;
        }, step);

    /// <summary>
    /// A failed write of the head drops the activation; then waits until a new activation, read from the store, lists
    /// <paramref name="expected"/> (the dropped one also held the id whose write failed).
    /// </summary>
    private async Task ReactivatedListsAsync(string key, IIndexGrain index, IReadOnlyList<string> expected)
    {
        await fixture.Faults.WhileAsync(
            (state, grain) => state == "index" && grain.Key.ToString() == key,
            () => Assert.ThrowsAsync<SpacesException>(() => index.AddAsync(NewId())));
        await Wait.UntilAsync(async () => (await index.ListAsync()).SequenceEqual(expected), "the index read back from its store", TimeSpan.FromSeconds(10));
    }
}
