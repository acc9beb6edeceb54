using System.Text;
using Spaces.Grains.Abstractions.Workers;
using Spaces.Worker.Sdk;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Worker;

public sealed class SpacesWorkerTests
{
    private readonly FakeWorkerHubState _state = new();

    [Fact]
    public async Task SpacesWorker_RequestPushed_ReportsProgressReadsFileAndCompletes()
    {
        await using var server = await FakeWorkerServer.StartAsync(_state);
        _state.Files["a.txt"] = Encoding.UTF8.GetBytes("file body");
        await using var run = WorkerRun.Start(server, async (job, ct) =>
        {
            await job.ReportProgressAsync(50, "half", ct);
            var bytes = await job.ReadFileAsync(job.Request.Files[0], ct);
            return new { text = $"{job.Request.Prompt}:{Encoding.UTF8.GetString(bytes)}" };
        });
        var connectionId = await Wait.ForNextAsync(_state.Registered.Reader, "the worker to register");

        var file = new WorkerFile("a.txt", "file", "text/plain", 9, "/files/a.txt");
        var request = FakeWorkerServer.NewRequest("hello", file);
        await server.SendRequestAsync(connectionId, request);
        var progress = await Wait.ForNextAsync(_state.Calls.Reader, "Progress");
        var complete = await Wait.ForNextAsync(_state.Calls.Reader, "Complete");

        Assert.Equal(("Progress", request.RequestId), (progress.Method, progress.RequestId));
        Assert.Equal(50, progress.Payload.GetProperty("percent").GetInt32());
        Assert.Equal(("Complete", request.RequestId), (complete.Method, complete.RequestId));
        Assert.Equal("hello:file body", complete.Payload.GetProperty("text").GetString());
    }

    [Fact]
    public async Task SpacesWorker_HandlerThrows_SendsFailWithMessage()
    {
        await using var server = await FakeWorkerServer.StartAsync(_state);
        await using var run = WorkerRun.Start(server, (_, _) => throw new InvalidOperationException("model exploded"));
        var connectionId = await Wait.ForNextAsync(_state.Registered.Reader, "the worker to register");

        var request = FakeWorkerServer.NewRequest("boom");
        await server.SendRequestAsync(connectionId, request);
        var call = await Wait.ForNextAsync(_state.Calls.Reader, "Fail");

        Assert.Equal(("Fail", request.RequestId), (call.Method, call.RequestId));
        Assert.Equal("model exploded", call.Payload.GetString());
    }

    [Fact]
    public async Task SpacesWorker_ServerCancelsRunningRequest_HandlerCancelledAndNoComplete()
    {
        await using var server = await FakeWorkerServer.StartAsync(_state);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var run = WorkerRun.Start(server, async (job, ct) =>
        {
            if (job.Request.Prompt == "slow")
            {
                using var registration = ct.Register(() => cancelled.TrySetResult());
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }

            return job.Request.Prompt;
        });
        var connectionId = await Wait.ForNextAsync(_state.Registered.Reader, "the worker to register");

        var slow = FakeWorkerServer.NewRequest("slow");
        var fast = FakeWorkerServer.NewRequest("fast");
        await server.SendRequestAsync(connectionId, slow);
        await Wait.ForAsync(started.Task, "the slow handler to start");
        await server.SendCancelAsync(connectionId, slow.RequestId);
        await Wait.ForAsync(cancelled.Task, "the handler's token to be cancelled");
        await server.SendRequestAsync(connectionId, fast);
        var call = await Wait.ForNextAsync(_state.Calls.Reader, "Complete of the next request");

        Assert.Equal(("Complete", fast.RequestId), (call.Method, call.RequestId));
    }

    [Fact]
    public async Task SpacesWorker_SeveralRequests_ProcessedOneAtATimeInArrivalOrder()
    {
        await using var server = await FakeWorkerServer.StartAsync(_state);
        var running = 0;
        var maximumRunning = 0;
        await using var run = WorkerRun.Start(server, async (job, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maximumRunning, now);
            await Task.Delay(50, ct);
            Interlocked.Decrement(ref running);
            return job.Request.Prompt;
        });
        var connectionId = await Wait.ForNextAsync(_state.Registered.Reader, "the worker to register");

        var requests = Enumerable.Range(1, 4).Select(i => FakeWorkerServer.NewRequest($"p{i}")).ToList();
        foreach (var request in requests)
        {
            await server.SendRequestAsync(connectionId, request);
        }

        var completed = new List<string>();
        foreach (var request in requests)
        {
            completed.Add((await Wait.ForNextAsync(_state.Calls.Reader, $"Complete of {request.Prompt}")).RequestId);
        }

        Assert.Equal(requests.Select(r => r.RequestId), completed);
        Assert.Equal(1, maximumRunning);
    }

    [Theory]
    [InlineData("Multiple spaces with name found: A", RegistrationRefusal.DuplicateSpaceName)]
    [InlineData("Space not found: A", RegistrationRefusal.SpaceNotFound)]
    [InlineData("Space A already has a connected worker", RegistrationRefusal.SpaceAlreadyHasWorker)]
    public async Task SpacesWorker_RegistrationRefused_RunAsyncThrowsServerMessage(string serverMessage, RegistrationRefusal refusal)
    {
        _state.RefuseWith = serverMessage;
        await using var server = await FakeWorkerServer.StartAsync(_state);
        var worker = new SpacesWorker(WorkerRun.Options(server));

        var error = await Assert.ThrowsAsync<RegistrationRefusedException>(
            () => Wait.ForAsync(worker.RunAsync((_, _) => Task.FromResult<object?>(null)), "RunAsync to fail"));

        Assert.Equal(serverMessage, error.Message);
        Assert.Equal(refusal, error.Refusal);
    }

    [Fact]
    public async Task SpacesWorker_ServerRestartsOnSamePort_ReconnectsRegistersAndServes()
    {
        var first = await FakeWorkerServer.StartAsync(_state);
        var port = first.Port;
        var reconnecting = new TaskCompletionSource<WorkerReconnectingEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var run = WorkerRun.Start(first, (job, _) => Task.FromResult<object?>(job.Request.Prompt), worker =>
        {
            worker.Registered += (_, _) => registered.TrySetResult();
            worker.Reconnecting += (_, e) => reconnecting.TrySetResult(e);
        });
        await Wait.ForNextAsync(_state.Registered.Reader, "the first registration on the server");
        await Wait.ForAsync(registered.Task, "the worker to see its first registration accepted");

        await first.DisposeAsync();
        var drop = await Wait.ForAsync(reconnecting.Task, "the worker to notice the server is gone");
        // Its own state: while the first server shuts down, a quick reconnect may still land on it and register there.
        var secondState = new FakeWorkerHubState();
        await using var second = await FakeWorkerServer.StartAsync(secondState, port);
        var connectionId = await Wait.ForNextAsync(secondState.Registered.Reader, "registration on the restarted server");
        var request = FakeWorkerServer.NewRequest("after restart");
        await second.SendRequestAsync(connectionId, request);
        var call = await Wait.ForNextAsync(secondState.Calls.Reader, "Complete on the restarted server");

        Assert.Equal(1, drop.Attempt);
        Assert.Equal(("Complete", request.RequestId), (call.Method, call.RequestId));
        Assert.Equal("after restart", call.Payload.GetString());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
