using Orleans;
using Orleans.Runtime;
using Spaces.Grains;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;

using static Spaces.Tests.Grains.SpaceGrainSteps;

namespace Spaces.Tests.Grains;

/// <summary>
/// A submission writes the space and its new request side by side: what one write costs, and each window where only one
/// of the two lands (a failed write, or a crash between them) ends with nothing acknowledged lost and nothing held forever.
/// </summary>
[Collection(SpaceClusterCollection.Name)]
public sealed class SpaceGrainSubmitWindowTests(GrainClusterFixture fixture)
{
    private IRequestGrain Request(string id) => fixture.Grains.GetGrain<IRequestGrain>(id);

    private static bool Is(GrainId grain, string stateName, string key, string expectedState) =>
        stateName == expectedState && grain.Key.ToString() == key;

    /// <summary>Submits <paramref name="requestId"/> while the writes <paramref name="fail"/> picks fail; the refusal it gets.</summary>
    private async Task<SpacesException> SubmitWhileWritesFailAsync(ISpaceGrain space, string requestId, Func<string, GrainId, bool> fail)
    {
        SpacesException? refused = null;
        await fixture.Faults.WhileAsync(fail, async () => refused = await Assert.ThrowsAsync<SpacesException>(() => SubmitAsync(space, requestId)));
        return refused!;
    }

    [Fact]
    public async Task Submit_ToAnIdleWorker_StoresTheRequestOnceAlreadyLeased_AndDispatchesAttempt1()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var (leased, queued) = (NewId(), NewId());
        var writes = new Dictionary<string, int> { [leased] = 0, [queued] = 0 };
        await fixture.Faults.WhileAsync(
            (state, grain) =>
            {
                if (state == "request" && writes.ContainsKey(grain.Key.ToString()))
                {
                    lock (writes)
                    {
                        writes[grain.Key.ToString()]++;
                    }
                }
                return false;
            },
            async () =>
            {
                Assert.Equal(0, (await SubmitAsync(space, leased)).Position);
                Assert.Equal(1, (await SubmitAsync(space, queued)).Position);
            });

        var view = (await Request(leased).GetAsync())!.View;
        Assert.Equal((RequestStatuses.Processing, 1), (view.Status, view.Attempts));
        Assert.Equal((leased, 1), (worker.Dispatched.Single().RequestId, worker.Dispatched.Single().Attempt));
        // One write for the leased request (not create, then start); the queued one is written once when created.
        Assert.Equal((1, 1), (writes[leased], writes[queued]));
        Assert.Equal(RequestStatuses.Queued, (await Request(queued).GetAsync())!.View.Status);
    }

    /// <summary>A submission's writes as the store sees them, by state name: one group of three, named by its space.</summary>
    private static (string State, CommitGroupTag? Group)[] Group(string requestId) =>
        [("index", new CommitGroupTag(requestId, 3)), ("request", new CommitGroupTag(requestId, 3)), ("space", new CommitGroupTag(requestId, 3))];

    [Fact]
    public async Task Submit_PutsTheSpacesWrite_TheRequestsAndTheUsersListInOneCommitGroup_AndNothingAfterIt()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var (leased, queued) = (NewId(), NewId());
        var groups = new List<(string State, CommitGroupTag? Group)>();
        var submitted = new List<(string State, CommitGroupTag? Group)>();
        await fixture.Faults.WhileAsync(
            (state, _) =>
            {
                lock (groups)
                {
                    groups.Add((state, CommitGroup.Current)); // the write's own call context, as the embedded store reads it
                }
                return false;
            },
            async () =>
            {
                await SubmitAsync(space, leased, submitter: "grouped");
                submitted = [.. groups];
                groups.Clear();
                await space.CompleteAsync(worker.ConnectionId, leased, default);
                await SubmitAsync(space, queued, submitter: "grouped");
            });

        Assert.Equal(Group(leased), submitted.OrderBy(w => w.State, StringComparer.Ordinal));
        // The completion that follows is no part of it; the next submission names its own group.
        Assert.Equal(("request", null), groups[0]);
        Assert.Equal(Group(queued), groups.Skip(1).OrderBy(w => w.State, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Submit_WhoseRequestWriteFails_Is503_AndTheSpaceLetsGoOfItsEntry()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var (refused, next) = (NewId(), NewId());

        var error = await SubmitWhileWritesFailAsync(space, refused, (state, grain) => Is(grain, state, refused, "request"));

        Assert.Equal(ErrorCode.StorageUnavailable, error.Code);
        Assert.Null(await Request(refused).GetAsync());
        Assert.Null(await space.GetPositionAsync(refused));
        Assert.Equal(0, (await SubmitAsync(space, next)).Position);
        Assert.Equal([next], worker.DispatchedIds);
    }

    [Fact]
    public async Task Submit_WhoseSpaceWriteFails_Is503_AndTheStoredRequestEndsFailedWhenRead()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var spaceId = space.GetPrimaryKeyString();
        var (refused, next) = (NewId(), NewId());

        var error = await SubmitWhileWritesFailAsync(space, refused, (state, grain) => Is(grain, state, spaceId, "space"));

        Assert.Equal(ErrorCode.StorageUnavailable, error.Code);
        // Its own write landed (stored processing, attempt 1), but no space holds it and no worker got it.
        var view = (await Request(refused).GetAsync())!.View;
        Assert.Equal(RequestStatuses.Failed, view.Status);
        Assert.Contains("did not record", view.Error, StringComparison.Ordinal);
        Assert.Equal(RequestStatuses.Failed, (await Request(refused).GetAsync())!.View.Status);
        Assert.Equal(0, (await SubmitAsync(space, next)).Position);
        Assert.Equal([next], worker.DispatchedIds);
    }

    [Fact]
    public async Task SpaceStoredInFlightWithoutItsRequest_AsAfterACrash_TheNextSubmissionLetsGoOfIt_AndGoesToTheWorker()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var spaceId = space.GetPrimaryKeyString();
        var (lost, second) = (NewId(), NewId());
        // The space's write of the submission lands, the request's does not, and neither does the space's write that lets
        // go of it: what is stored is what a crash between the two writes leaves.
        var spaceWrites = 0;
        var error = await SubmitWhileWritesFailAsync(space, lost, (state, grain) =>
            Is(grain, state, lost, "request") || (Is(grain, state, spaceId, "space") && Interlocked.Increment(ref spaceWrites) > 1));
        Assert.Equal(ErrorCode.StorageUnavailable, error.Code);

        // The next activation reads an in-flight id whose request has no state; the submission asks that request first,
        // finds that it does not hold the attempt, and goes to the idle worker at once.
        Assert.Equal(0, (await SubmitAsync(space, second)).Position);

        Assert.Equal([second], worker.DispatchedIds);
        Assert.Equal(0, await space.GetPositionAsync(second));
        Assert.Null(await Request(lost).GetAsync());
        Assert.Equal(0, (await space.GetAsync())!.View.QueueSize);
    }
}
