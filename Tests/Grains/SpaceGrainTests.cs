using System.Text.Json;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Tests.Infrastructure;

using static Spaces.Tests.Grains.SpaceGrainSteps;

namespace Spaces.Tests.Grains;

[Collection(SpaceClusterCollection.Name)]
public sealed class SpaceGrainTests(GrainClusterFixture fixture)
{
    private IRequestGrain Request(string id) => fixture.Grains.GetGrain<IRequestGrain>(id);

    private async Task<RequestView> ViewAsync(string requestId) => (await Request(requestId).GetAsync())!.View;

    private async Task<IReadOnlyList<ChannelMessage>> EventsAsync(string requestId) => (await Request(requestId).ReadAsync(0)).Replay;

    private static int PositionIn(ChannelMessage message) => JsonDocument.Parse(message.Data).RootElement.GetProperty("position").GetInt32();

    /// <summary>Positions travel one-way: the last one pushed to the request, once it arrived.</summary>
    private async Task<int> LastPushedPositionAsync(string requestId, int expected)
    {
        var last = 0;
        await Wait.UntilAsync(async () =>
        {
            last = (await EventsAsync(requestId)).Where(e => e.Type == EventTypes.Position).Select(PositionIn).LastOrDefault();
            return last == expected;
        }, $"position {expected} pushed to {requestId}", TimeSpan.FromSeconds(10));
        return last;
    }

    [Fact]
    public async Task Submit_WithoutWorker_IsRefusedAndStoresNothing()
    {
        var space = await fixture.CreateSpaceAsync();
        var id = NewId();

        var error = await Assert.ThrowsAsync<SpacesException>(() => SubmitAsync(space, id));

        Assert.Equal((ErrorCode.NoWorkerConnected, "remote app not connected"), (error.Code, error.Detail));
        Assert.Equal(0, (await space.GetAsync())!.View.QueueSize);
        Assert.Null(await Request(id).GetAsync());
    }

    [Fact]
    public async Task Submit_SeveralRequests_DispatchesOneAtATimeInFifoOrder_WithPositions()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        string[] ids = [NewId(), NewId(), NewId()];

        var accepted = new List<RequestAccepted>();
        foreach (var id in ids)
        {
            accepted.Add(await SubmitAsync(space, id));
        }

        Assert.Equal([0, 1, 2], accepted.Select(a => a.Position));
        Assert.Equal([ids[0]], worker.DispatchedIds);
        Assert.Equal(2, await space.GetPositionAsync(ids[2]));
        Assert.Equal(2, (await ViewAsync(ids[2])).Position);
        await space.CompleteAsync(worker.ConnectionId, ids[0], JsonSerializer.SerializeToElement(new { ok = true }));
        Assert.Equal(ids[..2], worker.DispatchedIds);
        Assert.Equal(1, await LastPushedPositionAsync(ids[2], 1));
        await space.CompleteAsync(worker.ConnectionId, ids[1], default);
        Assert.Equal(ids, worker.DispatchedIds);
        Assert.Equal(0, (await space.GetAsync())!.View.QueueSize);
        var first = await ViewAsync(ids[0]);
        Assert.Equal((RequestStatuses.Completed, 1, true), (first.Status, first.Attempts, first.Result!.Value.GetProperty("ok").GetBoolean()));
        Assert.Equal([EventTypes.Queued, EventTypes.Progress, EventTypes.Completed], (await EventsAsync(ids[0])).Select(e => e.Type));
    }

    [Fact]
    public async Task Submit_TheSameRequestAgain_AnswersAsBefore_AndQueuesItOnce()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var (first, second) = (NewId(), NewId());
        await SubmitAsync(space, first);
        await SubmitAsync(space, second);

        var again = await SubmitAsync(space, second);
        var inFlightAgain = await SubmitAsync(space, first);

        Assert.Equal((1, 0), (again.Position, inFlightAgain.Position));
        Assert.Equal(1, (await space.GetAsync())!.View.QueueSize);
        Assert.Equal([first], worker.DispatchedIds);
    }

    [Fact]
    public async Task Attach_SecondWorker_IsRefused_UnlessTheFirstIsGoneFromItsHost()
    {
        var space = await fixture.CreateSpaceAsync();
        var first = await fixture.AttachWorkerAsync(space);

        var error = await Assert.ThrowsAsync<SpacesException>(() => fixture.AttachWorkerAsync(space));
        first.Connected = false;
        var second = await fixture.AttachWorkerAsync(space);

        Assert.Equal((ErrorCode.SpaceAlreadyHasWorker, "Space Demo already has a connected worker"), (error.Code, error.Detail));
        await SubmitAsync(space, NewId());
        Assert.Single(second.Dispatched);
        Assert.Empty(first.Dispatched);
    }

    [Fact]
    public async Task Detach_WithRequestInFlight_RequeuesItAtTheHeadWithTheNextAttempt()
    {
        var space = await fixture.CreateSpaceAsync();
        var first = await fixture.AttachWorkerAsync(space);
        var (r1, r2) = (NewId(), NewId());
        await SubmitAsync(space, r1);
        await SubmitAsync(space, r2);

        await space.DetachWorkerAsync(first.ConnectionId, "gone");

        Assert.Equal((RequestStatuses.Queued, 1), ((await ViewAsync(r1)).Status, (await ViewAsync(r1)).Position));
        Assert.Equal(2, (await space.GetAsync())!.View.QueueSize);
        var requeued = (await EventsAsync(r1)).Last();
        Assert.Equal(EventTypes.Queued, requeued.Type);
        Assert.Equal(2, JsonDocument.Parse(requeued.Data).RootElement.GetProperty("attempt").GetInt32());
        var second = await fixture.AttachWorkerAsync(space);
        var dispatched = Assert.Single(second.Dispatched);
        Assert.Equal((r1, 2), (dispatched.RequestId, dispatched.Attempt));
        Assert.Equal(2, (await ViewAsync(r1)).Attempts);
    }

    [Fact]
    public async Task Detach_PastMaxAttempts_FailsTheRequest()
    {
        var space = await fixture.CreateSpaceAsync();
        var first = await fixture.AttachWorkerAsync(space);
        var id = NewId();
        await SubmitAsync(space, id);
        await space.DetachWorkerAsync(first.ConnectionId, "gone");
        var second = await fixture.AttachWorkerAsync(space);

        await space.DetachWorkerAsync(second.ConnectionId, "gone again");

        var view = await ViewAsync(id);
        Assert.Equal(RequestStatuses.Failed, view.Status);
        Assert.Contains("2 attempts", view.Error);
        Assert.Equal(0, (await space.GetAsync())!.View.QueueSize);
    }

    [Fact]
    public async Task Dispatch_ThatTheWorkersHostRefuses_DetachesTheWorker_AndRequeuesTheRequest()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        worker.RefuseDispatch = true;
        var id = NewId();

        await SubmitAsync(space, id);

        var view = (await space.GetAsync())!.View;
        Assert.Equal((false, 1), (view.WorkerConnected, view.QueueSize));
        Assert.Equal((RequestStatuses.Queued, 1), ((await ViewAsync(id)).Status, (await ViewAsync(id)).Attempts));
        var next = await fixture.AttachWorkerAsync(space);
        Assert.Equal((id, 2), (next.Dispatched.Single().RequestId, next.Dispatched.Single().Attempt));
    }

    [Fact]
    public async Task Reports_FromAnEarlierAttempt_OrRepeated_AreIgnored()
    {
        var space = await fixture.CreateSpaceAsync();
        var first = await fixture.AttachWorkerAsync(space);
        var id = NewId();
        await SubmitAsync(space, id);
        await space.DetachWorkerAsync(first.ConnectionId, "gone");
        var second = await fixture.AttachWorkerAsync(space);

        await space.CompleteAsync(first.ConnectionId, id, default);
        await space.ReportProgressAsync(first.ConnectionId, id, 50, "late");
        Assert.Equal((RequestStatuses.Processing, 0.0), ((await ViewAsync(id)).Status, (await ViewAsync(id)).Progress));

        await space.CompleteAsync(second.ConnectionId, id, default);
        await space.CompleteAsync(second.ConnectionId, id, default);
        await space.FailAsync(second.ConnectionId, id, "too late");

        Assert.Equal(RequestStatuses.Completed, (await ViewAsync(id)).Status);
        Assert.Single(await EventsAsync(id), e => e.Type == EventTypes.Completed);
        Assert.DoesNotContain(await EventsAsync(id), e => e.Type == EventTypes.Failed);
    }

    [Fact]
    public async Task Cancel_Running_TellsTheWorkerAndDispatchesTheNext()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var (r1, r2) = (NewId(), NewId());
        await SubmitAsync(space, r1);
        await SubmitAsync(space, r2);

        await space.CancelAsync(r1, "by user");

        Assert.Equal((RequestStatuses.Cancelled, "by user"), ((await ViewAsync(r1)).Status, (await ViewAsync(r1)).Message));
        Assert.Equal([r1], worker.Cancelled);
        Assert.Equal([r1, r2], worker.DispatchedIds);
    }

    [Fact]
    public async Task Cancel_Queued_ShiftsThePositionsBehindIt_AndASecondCancelIsRefused()
    {
        var space = await fixture.CreateSpaceAsync();
        await fixture.AttachWorkerAsync(space);
        var (r1, r2, r3) = (NewId(), NewId(), NewId());
        await SubmitAsync(space, r1);
        await SubmitAsync(space, r2);
        await SubmitAsync(space, r3);

        await space.CancelAsync(r2, "by user");

        Assert.Equal(1, await LastPushedPositionAsync(r3, 1));
        Assert.Equal(1, (await space.GetAsync())!.View.QueueSize);
        var error = await Assert.ThrowsAsync<SpacesException>(() => space.CancelAsync(r2, "again"));
        Assert.Equal((ErrorCode.RequestNotCancellable, $"Request {r2} is already cancelled"), (error.Code, error.Detail));
        Assert.Equal(ErrorCode.RequestNotFound, (await Assert.ThrowsAsync<SpacesException>(() => space.CancelAsync(NewId(), "no such"))).Code);
    }

    [Fact]
    public async Task Submit_PastTheUserLimit_IsRefusedForThatUserOnly_UntilOneOfTheirsStarts()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        string[] alice = [NewId(), NewId(), NewId(), NewId(), NewId(), NewId()];
        await SubmitAsync(space, alice[0], "alice");
        await SubmitAsync(space, alice[1], "alice");
        await SubmitAsync(space, alice[2], "alice");

        // alice[0] is processing and does not count; alice[1] and alice[2] are queued.
        var error = await Assert.ThrowsAsync<SpacesException>(() => SubmitAsync(space, alice[3], "alice"));
        var other = await SubmitAsync(space, NewId(), "bob");

        Assert.Equal(ErrorCode.UserQueueLimit, error.Code);
        Assert.Equal("You already have 2 requests queued in this space; wait for some to finish", error.Detail);
        Assert.Equal(3, other.Position);
        Assert.Null(await Request(alice[3]).GetAsync());
        await space.CompleteAsync(worker.ConnectionId, alice[0], default);
        Assert.Equal(alice[..2], worker.DispatchedIds);
        Assert.Equal(3, (await SubmitAsync(space, alice[4], "alice")).Position);
        Assert.Equal(ErrorCode.UserQueueLimit, (await Assert.ThrowsAsync<SpacesException>(() => SubmitAsync(space, alice[5], "alice"))).Code);
    }

    [Fact]
    public async Task Submit_DisabledInputKind_IsRefusedWithInputNotEnabled()
    {
        var space = await fixture.CreateSpaceAsync(new SpaceInputs(Prompt: true, Audio: false));
        await fixture.AttachWorkerAsync(space);

        var error = await Assert.ThrowsAsync<SpacesException>(() =>
            space.SubmitAsync(new NewRequest(NewId(), "x", [new RequestFile("a.wav", "audio", "audio/wav", 3, "requests/r1/000")], "user")));

        Assert.Equal(ErrorCode.InputNotEnabled, error.Code);
    }

    [Fact]
    public async Task CheckTimeouts_AfterTheTimeoutWithoutWorker_FailsQueuedRequests()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var (r1, r2) = (NewId(), NewId());
        await SubmitAsync(space, r1);
        await SubmitAsync(space, r2);
        await space.DetachWorkerAsync(worker.ConnectionId, "gone");

        Assert.Equal(0, await space.CheckTimeoutsAsync());
        fixture.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        // The space's expiry reminder runs on the same clock and may get there first; together they fail both, once.
        var failed = await space.CheckTimeoutsAsync();

        Assert.Contains(failed, new[] { 0, 2 });
        Assert.Equal(RequestStatuses.Failed, (await ViewAsync(r1)).Status);
        Assert.Equal(RequestStatuses.Failed, (await ViewAsync(r2)).Status);
        Assert.Contains("No worker connected", (await ViewAsync(r2)).Error);
        Assert.Single(await EventsAsync(r2), e => e.Type == EventTypes.Failed);
        Assert.Equal(0, (await space.GetAsync())!.View.QueueSize);
    }

    [Fact]
    public async Task ExpiryReminder_OnAFreshActivation_FailsRequestsQueuedPastTheTimeout()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var (r1, r2) = (NewId(), NewId());
        await SubmitAsync(space, r1);
        await SubmitAsync(space, r2);
        await space.DetachWorkerAsync(worker.ConnectionId, "gone");

        // As after a restart of the space's host: only the reminder, stored with the reminders, brings it back.
        await fixture.Cluster.DeactivateAsync(space);
        fixture.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        await space.AsReference<IRemindable>().ReceiveReminder("queue-expiry", new TickStatus(DateTime.UtcNow, TimeSpan.FromMinutes(1), DateTime.UtcNow));

        Assert.Equal((RequestStatuses.Failed, RequestStatuses.Failed), ((await ViewAsync(r1)).Status, (await ViewAsync(r2)).Status));
        Assert.Equal(0, (await space.GetAsync())!.View.QueueSize);
    }

    [Fact]
    public async Task CheckTimeouts_WhenTheHostNoLongerHoldsTheConnection_DetachesAndRequeues()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var id = NewId();
        await SubmitAsync(space, id);

        await space.CheckTimeoutsAsync();
        Assert.True((await space.GetAsync())!.View.WorkerConnected);
        worker.Connected = false;
        await space.CheckTimeoutsAsync();

        Assert.False((await space.GetAsync())!.View.WorkerConnected);
        Assert.Equal((RequestStatuses.Queued, 1), ((await ViewAsync(id)).Status, (await ViewAsync(id)).Position));
    }

    [Fact]
    public async Task CheckTimeouts_WhenTheHostDoesNotAnswer_KeepsTheWorkerUntilItsLeaseRunsOut()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var id = NewId();
        await SubmitAsync(space, id);
        worker.Unreachable = true;

        await space.CheckTimeoutsAsync();
        Assert.True((await space.GetAsync())!.View.WorkerConnected);
        fixture.Time.Advance(TimeSpan.FromSeconds(61));
        await space.CheckTimeoutsAsync();

        Assert.False((await space.GetAsync())!.View.WorkerConnected);
        Assert.Equal(RequestStatuses.Queued, (await ViewAsync(id)).Status);
    }

    [Fact]
    public async Task Progress_IsClampedAndPushedOnTheRequestChannel_AndANonNumberIsRefused()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var id = NewId();
        await SubmitAsync(space, id);

        await space.ReportProgressAsync(worker.ConnectionId, id, 250, "almost");

        var progress = JsonDocument.Parse((await EventsAsync(id)).Last(e => e.Type == EventTypes.Progress).Data).RootElement;
        Assert.Equal((100, "almost"), (progress.GetProperty("progress").GetDouble(), progress.GetProperty("message").GetString()));
        var error = await Assert.ThrowsAsync<SpacesException>(() => space.ReportProgressAsync(worker.ConnectionId, id, double.NaN, null));
        Assert.Equal(ErrorCode.InvalidInput, error.Code);
    }

    [Fact]
    public async Task SaveResultFile_OnlyWhileProcessing_ReplacesTheSameName()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var (running, queued) = (NewId(), NewId());
        await SubmitAsync(space, running);
        await SubmitAsync(space, queued);
        var first = new ResultFile("cat.png", "image/png", 10, $"requests/{running}/results/a");
        var second = first with { Size = 20, BlobName = $"requests/{running}/results/b" };

        Assert.Null(await Request(running).SaveResultFileAsync(first));
        Assert.Equal(first, await Request(running).SaveResultFileAsync(second));
        var early = await Assert.ThrowsAsync<SpacesException>(() => Request(queued).SaveResultFileAsync(first));
        await space.CompleteAsync(worker.ConnectionId, running, default);
        var late = await Assert.ThrowsAsync<SpacesException>(() => Request(running).SaveResultFileAsync(first with { Name = "late.png" }));

        Assert.Equal(second, await Request(running).GetResultFileAsync("cat.png"));
        Assert.Equal(ErrorCode.RequestNotProcessing, early.Code);
        Assert.Equal($"Request {running} is completed; result files are accepted only while it is processing", late.Detail);
        Assert.Null(await Request(running).GetResultFileAsync("late.png"));
    }
}
