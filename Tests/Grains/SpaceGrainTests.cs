using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Tests.Grains;

public sealed class SpaceGrainTests
{
    private const string SpaceId = "space1";
    private readonly GrainTestbed _bed = new();

    private async Task CreateAsync(SpaceInputs? inputs = null) =>
        await _bed.CallAsync(SpaceId, g => g.CreateAsync(new SpaceDefinition("Demo", "", inputs ?? new SpaceInputs(), null), "owner"));

    private Task AttachAsync(string connection = "c1") => _bed.CallAsync(SpaceId, g => g.AttachWorkerAsync(connection, "node"));

    private Task<RequestAccepted> SubmitAsync(string id, string prompt = "hello") => SubmitAsAsync("user", id);

    private Task<RequestAccepted> SubmitAsAsync(string submitter, string id) =>
        _bed.CallAsync(SpaceId, g => g.SubmitAsync(new NewRequest(id, "hello", [], submitter)));

    private IEnumerable<string> DispatchedTo(string connection) =>
        _bed.On(Channels.Worker(connection)).Where(e => e.Type == EventTypes.Dispatch).Select(e => e.Data.GetProperty("request_id").GetString()!);

    [Fact]
    public async Task Submit_WithoutWorker_IsRefusedAndStoresNothing()
    {
        await CreateAsync();

        var error = await Assert.ThrowsAsync<SpacesException>(() => SubmitAsync("r1"));

        Assert.Equal(ErrorCode.NoWorkerConnected, error.Code);
        Assert.Equal("remote app not connected", error.Detail);
        Assert.Equal(0, _bed.Space(SpaceId).QueueSize);
        Assert.Empty(_bed.On(Channels.Request("r1")));
    }

    [Fact]
    public async Task Submit_SeveralRequests_DispatchesOneAtATimeInOrder()
    {
        await CreateAsync();
        await AttachAsync();

        var first = await SubmitAsync("r1");
        var second = await SubmitAsync("r2");
        var third = await SubmitAsync("r3");

        Assert.Equal((0, 1, 2), (first.Position, second.Position, third.Position));
        Assert.Equal(["r1"], DispatchedTo("c1"));
        await _bed.CallAsync(SpaceId, g => g.CompleteAsync("c1", "r1", default));
        Assert.Equal(["r1", "r2"], DispatchedTo("c1"));
        Assert.Contains(_bed.On(Channels.Request("r3")), e => e.Type == EventTypes.Position && e.Data.GetProperty("position").GetInt32() == 1);
        await _bed.CallAsync(SpaceId, g => g.CompleteAsync("c1", "r2", default));
        Assert.Equal(["r1", "r2", "r3"], DispatchedTo("c1"));
        Assert.Equal(0, _bed.Space(SpaceId).QueueSize);
    }

    [Fact]
    public async Task Attach_SecondWorker_IsRefused()
    {
        await CreateAsync();
        await AttachAsync("c1");

        var error = await Assert.ThrowsAsync<SpacesException>(() => AttachAsync("c2"));

        Assert.Equal(ErrorCode.SpaceAlreadyHasWorker, error.Code);
        Assert.Equal("Space Demo already has a connected worker", error.Detail);
        Assert.Equal("c1", _bed.Space(SpaceId).WorkerConnectionId);
    }

    [Fact]
    public async Task Detach_WithRequestInFlight_RequeuesItAtTheHeadWithTheNextAttempt()
    {
        await CreateAsync();
        await AttachAsync("c1");
        await SubmitAsync("r1");
        await SubmitAsync("r2");

        await _bed.CallAsync(SpaceId, g => g.DetachWorkerAsync("c1", "gone"));

        Assert.Equal(RequestStatuses.Queued, _bed.Request("r1").Status);
        Assert.Equal(2, _bed.Space(SpaceId).QueueSize);
        await AttachAsync("c2");
        Assert.Equal(["r1"], DispatchedTo("c2"));
        Assert.Equal(2, _bed.Request("r1").Attempts);
    }

    [Fact]
    public async Task Detach_PastMaxAttempts_FailsTheRequest()
    {
        await CreateAsync();
        await AttachAsync("c1");
        await SubmitAsync("r1");
        await _bed.CallAsync(SpaceId, g => g.DetachWorkerAsync("c1", "gone"));
        await AttachAsync("c2");

        await _bed.CallAsync(SpaceId, g => g.DetachWorkerAsync("c2", "gone again"));

        Assert.Equal(RequestStatuses.Failed, _bed.Request("r1").Status);
        Assert.Contains("2 attempts", _bed.Request("r1").Error);
    }

    [Fact]
    public async Task Complete_FromAnEarlierAttempt_IsIgnored()
    {
        await CreateAsync();
        await AttachAsync("c1");
        await SubmitAsync("r1");
        await _bed.CallAsync(SpaceId, g => g.DetachWorkerAsync("c1", "gone"));
        await AttachAsync("c2");

        await _bed.CallAsync(SpaceId, g => g.CompleteAsync("c1", "r1", default));

        Assert.Equal(RequestStatuses.Processing, _bed.Request("r1").Status);
        Assert.DoesNotContain(_bed.On(Channels.Request("r1")), e => e.Type == EventTypes.Completed);
    }

    [Fact]
    public async Task Complete_Twice_EmitsOneCompletion()
    {
        await CreateAsync();
        await AttachAsync();
        await SubmitAsync("r1");

        await _bed.CallAsync(SpaceId, g => g.CompleteAsync("c1", "r1", default));
        await _bed.CallAsync(SpaceId, g => g.CompleteAsync("c1", "r1", default));

        Assert.Single(_bed.On(Channels.Request("r1")), e => e.Type == EventTypes.Completed);
    }

    [Fact]
    public async Task Cancel_Running_TellsTheWorkerAndDispatchesTheNext()
    {
        await CreateAsync();
        await AttachAsync();
        await SubmitAsync("r1");
        await SubmitAsync("r2");

        await _bed.CallAsync(SpaceId, g => g.CancelAsync("r1", "by user"));

        Assert.Equal(RequestStatuses.Cancelled, _bed.Request("r1").Status);
        Assert.Contains(_bed.On(Channels.Worker("c1")), e => e.Type == EventTypes.Cancel && e.Data.GetProperty("request_id").GetString() == "r1");
        Assert.Equal(["r1", "r2"], DispatchedTo("c1"));
    }

    [Fact]
    public async Task Cancel_Queued_ShiftsThePositionsBehindIt()
    {
        await CreateAsync();
        await AttachAsync();
        await SubmitAsync("r1");
        await SubmitAsync("r2");
        await SubmitAsync("r3");

        await _bed.CallAsync(SpaceId, g => g.CancelAsync("r2", "by user"));

        var last = _bed.On(Channels.Request("r3")).Last(e => e.Type == EventTypes.Position);
        Assert.Equal(1, last.Data.GetProperty("position").GetInt32());
        Assert.Equal(1, _bed.Space(SpaceId).QueueSize);
        var error = await Assert.ThrowsAsync<SpacesException>(() => _bed.CallAsync(SpaceId, g => g.CancelAsync("r2", "again")));
        Assert.Equal(ErrorCode.RequestNotCancellable, error.Code);
    }

    [Fact]
    public async Task Submit_PastTheQueueBound_IsRefusedWithQueueFull()
    {
        await CreateAsync();
        await AttachAsync();
        for (var i = 0; i <= _bed.Options.MaxQueueSize; i++)
        {
            await SubmitAsync($"r{i}");
        }

        var error = await Assert.ThrowsAsync<SpacesException>(() => SubmitAsync("overflow"));

        Assert.Equal(ErrorCode.QueueFull, error.Code);
    }

    [Fact]
    public async Task Submit_PastTheUserLimit_IsRefusedForThatUserOnly_UntilOneOfTheirsStarts()
    {
        _bed.Options.MaxQueuedPerUser = 2;
        await CreateAsync();
        await AttachAsync();
        await SubmitAsAsync("alice", "a1");
        await SubmitAsAsync("alice", "a2");
        await SubmitAsAsync("alice", "a3");

        // a1 is processing and does not count; a2 and a3 are queued.
        var error = await Assert.ThrowsAsync<SpacesException>(() => SubmitAsAsync("alice", "a4"));
        var other = await SubmitAsAsync("bob", "b1");

        Assert.Equal(ErrorCode.UserQueueLimit, error.Code);
        Assert.Equal("You already have 2 requests queued in this space; wait for some to finish", error.Detail);
        Assert.Equal(3, other.Position);
        Assert.Empty(_bed.On(Channels.Request("a4")));
        Assert.Equal(3, _bed.Space(SpaceId).QueueSize);

        await _bed.CallAsync(SpaceId, g => g.CompleteAsync("c1", "a1", default));
        Assert.Equal(["a1", "a2"], DispatchedTo("c1"));
        var again = await SubmitAsAsync("alice", "a5");
        Assert.Equal(3, again.Position);
        Assert.Equal(ErrorCode.UserQueueLimit, (await Assert.ThrowsAsync<SpacesException>(() => SubmitAsAsync("alice", "a6"))).Code);
    }

    [Fact]
    public async Task Submit_DisabledInputKind_IsRefusedWithInputNotEnabled()
    {
        await CreateAsync(new SpaceInputs(Prompt: true, Audio: false));
        await AttachAsync();

        var error = await Assert.ThrowsAsync<SpacesException>(() => _bed.CallAsync(SpaceId, g =>
            g.SubmitAsync(new NewRequest("r1", "x", [new RequestFile("a.wav", "audio", "audio/wav", 3, "requests/r1/000")], "user"))));

        Assert.Equal(ErrorCode.InputNotEnabled, error.Code);
    }

    [Fact]
    public async Task ExpireQueued_AfterTheTimeoutWithoutWorker_FailsQueuedRequests()
    {
        await CreateAsync();
        await AttachAsync();
        await SubmitAsync("r1");
        await SubmitAsync("r2");
        await _bed.CallAsync(SpaceId, g => g.DetachWorkerAsync("c1", "gone"));

        Assert.Equal(0, await _bed.CallAsync(SpaceId, g => g.ExpireQueuedAsync()));
        _bed.Time.Advance(_bed.Options.QueuedTimeoutWithoutWorker + TimeSpan.FromSeconds(1));
        Assert.Equal(2, await _bed.CallAsync(SpaceId, g => g.ExpireQueuedAsync()));

        Assert.Equal(RequestStatuses.Failed, _bed.Request("r2").Status);
        Assert.Contains("No worker connected", _bed.Request("r2").Error);
        Assert.Equal(0, _bed.Space(SpaceId).QueueSize);
    }

    [Fact]
    public async Task Progress_IsClampedAndPushedOnTheRequestChannel()
    {
        await CreateAsync();
        await AttachAsync();
        await SubmitAsync("r1");

        await _bed.CallAsync(SpaceId, g => g.ReportProgressAsync("c1", "r1", 250, "almost"));

        var progress = _bed.On(Channels.Request("r1")).Last(e => e.Type == EventTypes.Progress);
        Assert.Equal(100, progress.Data.GetProperty("progress").GetDouble());
        Assert.Equal("almost", progress.Data.GetProperty("message").GetString());
    }
}
