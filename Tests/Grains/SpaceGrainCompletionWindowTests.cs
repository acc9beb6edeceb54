using System.Text.Json;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;

using static Spaces.Tests.Grains.SpaceGrainSteps;

namespace Spaces.Tests.Grains;

/// <summary>
/// A completion stores the request's outcome beside the next request's start, then the space once, and with nothing
/// queued not the space at all: what each costs, and that a write failing in between loses nothing acknowledged.
/// </summary>
[Collection(SpaceClusterCollection.Name)]
public sealed class SpaceGrainCompletionWindowTests(GrainClusterFixture fixture)
{
    private static readonly JsonElement Done = JsonSerializer.SerializeToElement(new { ok = true });

    private IRequestGrain Request(string id) => fixture.Grains.GetGrain<IRequestGrain>(id);

    /// <summary>Runs <paramref name="step"/> while every write is shown to <paramref name="seeWrite"/> (state name, key) first.</summary>
    private Task WatchingWritesAsync(Func<string, string, bool> seeWrite, Func<Task> step) =>
        fixture.Faults.WhileAsync((state, grain) => seeWrite(state, grain.Key.ToString()!), step);

    [Fact]
    public async Task Complete_WithNothingQueued_WritesTheRequestAlone_AndTheNextSubmissionGoesStraightToTheWorker()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var (done, next) = (NewId(), NewId());
        await SubmitAsync(space, done);
        var writes = new List<(string State, string Key)>();

        await WatchingWritesAsync(
            (state, key) =>
            {
                lock (writes)
                {
                    writes.Add((state, key));
                }
                return false;
            },
            () => space.CompleteAsync(worker.ConnectionId, done, Done));

        Assert.Equal([("request", done)], writes);
        Assert.Equal(RequestStatuses.Completed, (await Request(done).GetAsync())!.View.Status);
        Assert.Equal(0, (await SubmitAsync(space, next)).Position);
        Assert.Equal([done, next], worker.DispatchedIds);
    }

    [Fact]
    public async Task Complete_WithTheNextQueued_StoresTheOutcomeWhileTheNextStarts_ThenTheSpaceOnce_AndDispatchesTheNext()
    {
        var (space, worker, done, next) = await OneInFlightOneQueuedAsync();
        var spaceId = space.GetPrimaryKeyString();
        var nextStarted = new ManualResetEventSlim();
        var overlapped = false;
        var spaceWrites = 0;

        await WatchingWritesAsync(
            (state, key) =>
            {
                if (state == "request" && key == next)
                {
                    nextStarted.Set();
                }
                else if (state == "request" && key == done)
                {
                    // Held until the next request's start is being written: one after the other, it never would be.
                    overlapped = nextStarted.Wait(TimeSpan.FromSeconds(5));
                }
                else if (state == "space" && key == spaceId)
                {
                    Interlocked.Increment(ref spaceWrites);
                }
                return false;
            },
            () => space.CompleteAsync(worker.ConnectionId, done, Done));

        Assert.True(overlapped, "the outcome's write waited for nothing: the next request's start was not written beside it");
        Assert.Equal(1, spaceWrites);
        Assert.Equal(RequestStatuses.Completed, (await Request(done).GetAsync())!.View.Status);
        var started = (await Request(next).GetAsync())!.View;
        Assert.Equal((RequestStatuses.Processing, 1), (started.Status, started.Attempts));
        Assert.Equal([(done, 1), (next, 1)], worker.Dispatched.Select(r => (r.RequestId, r.Attempt)));
        Assert.Equal(0, await space.GetPositionAsync(next));
    }

    [Fact]
    public async Task Complete_WhileTheNextStartIsStored_TheEndedRequestStillReadsAsInFlight_SoItsViewDoesNotFailIt()
    {
        var (space, worker, done, next) = await OneInFlightOneQueuedAsync();
        using var nextStarting = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Task completing = Task.CompletedTask;

        await WatchingWritesAsync(
            (state, key) =>
            {
                if (state == "request" && key == next)
                {
                    nextStarting.Set();
                    release.Wait(TimeSpan.FromSeconds(10));
                }
                return false;
            },
            async () =>
            {
                completing = space.CompleteAsync(worker.ConnectionId, done, Done);
                Assert.True(nextStarting.Wait(TimeSpan.FromSeconds(10)), "the next request's start was never written");
                // A view of the ended request asks its position now (the call interleaves): a null would end it as failed.
                var position = await space.GetPositionAsync(done);
                release.Set();
                await completing;
                Assert.Equal(0, position);
            });

        Assert.Equal(RequestStatuses.Completed, (await Request(done).GetAsync())!.View.Status);
        Assert.Equal([done, next], worker.DispatchedIds);
    }

    [Fact]
    public async Task Complete_WhoseOutcomeWriteFails_Is503_TheRequestStaysInFlight_AndTheCompleteSentAgainEndsIt()
    {
        var (space, worker, done, next) = await OneInFlightOneQueuedAsync();

        SpacesException? refused = null;
        await WatchingWritesAsync(
            (state, key) => state == "request" && key == done,
            async () => refused = await Assert.ThrowsAsync<SpacesException>(() => space.CompleteAsync(worker.ConnectionId, done, Done)));

        Assert.Equal(ErrorCode.StorageUnavailable, refused!.Code);
        // The next request's start may have landed beside the failed write, but no worker was sent it.
        Assert.Equal([done], worker.DispatchedIds);
        Assert.Equal(0, await space.GetPositionAsync(done));
        Assert.Equal(RequestStatuses.Processing, (await Request(done).GetAsync())!.View.Status);

        // The worker sends its outcome again (the SDKs do, while storage is out): now it is stored, and the next goes out once.
        await space.CompleteAsync(worker.ConnectionId, done, Done);

        Assert.Equal(RequestStatuses.Completed, (await Request(done).GetAsync())!.View.Status);
        Assert.Equal([(done, 1), (next, 1)], worker.Dispatched.Select(r => (r.RequestId, r.Attempt)));
        Assert.Equal(0, await space.GetPositionAsync(next));
    }

    [Fact]
    public async Task Complete_WhoseSpaceWriteLandsButItsAnswerIsLost_TheNextRequestStoredInFlightButNeverSent_GoesToTheWorkerAtTheNextCheck()
    {
        var (space, worker, done, next) = await OneInFlightOneQueuedAsync();
        var spaceId = space.GetPrimaryKeyString();

        // Storage applies the space's write of the next lease, and the connection is cut before its answer (a storage outage
        // that begins mid-write): the space sees a failed write, drops its activation and never sends the next request.
        fixture.Faults.LoseAnswerOf = (state, grain) => state == "space" && grain.Key.ToString() == spaceId;
        SpacesException refused;
        try
        {
            refused = await Assert.ThrowsAsync<SpacesException>(() => space.CompleteAsync(worker.ConnectionId, done, Done));
        }
        finally
        {
            fixture.Faults.LoseAnswerOf = null;
        }
        Assert.Equal(ErrorCode.StorageUnavailable, refused.Code);
        Assert.Equal([done], worker.DispatchedIds);
        // The worker sends its outcome again; the space, active again from the store, holds the next request in flight already.
        await space.CompleteAsync(worker.ConnectionId, done, Done);
        Assert.Equal(0, await space.GetPositionAsync(next));

        // What the space's timer does: the worker is connected, but its host was never sent the request in flight.
        await space.CheckTimeoutsAsync();
        await space.CheckTimeoutsAsync();

        Assert.Equal([(done, 1), (next, 1)], worker.Dispatched.Select(r => (r.RequestId, r.Attempt)));
        Assert.Equal((RequestStatuses.Processing, 1), ((await Request(next).GetAsync())!.View.Status, (await Request(next).GetAsync())!.View.Attempts));
    }

    /// <summary>A space whose worker holds one request (<c>done</c>) with another (<c>next</c>) queued behind it.</summary>
    private async Task<(ISpaceGrain Space, RelayedWorker Worker, string Done, string Next)> OneInFlightOneQueuedAsync()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var (done, next) = (NewId(), NewId());
        await SubmitAsync(space, done);
        await SubmitAsync(space, next);
        return (space, worker, done, next);
    }
}
