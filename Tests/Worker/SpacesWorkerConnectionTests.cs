using System.Net;
using System.Net.Sockets;
using Spaces.Worker.Sdk;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Worker;

/// <summary>How the worker's hub connection is made, kept alive and replaced, on the official SignalR client.</summary>
public sealed class SpacesWorkerConnectionTests
{
    private readonly FakeWorkerHubState _state = new();

    [Fact]
    public async Task SpacesWorker_Connects_OneWebSocketRequestWithoutNegotiateNorTokenInUrl()
    {
        await using var server = await FakeWorkerServer.StartAsync(_state);
        await using var run = WorkerRun.Start(server, (job, _) => Task.FromResult<object?>(job.Request.Prompt));
        await Wait.ForNextAsync(_state.Registered.Reader, "the worker to register");

        var requests = server.RequestsSoFar();

        // No negotiate round trip, so a load balancer may send the upgrade to any host: nothing to keep affinity for.
        Assert.Equal(["/hubs/worker"], requests);
        Assert.DoesNotContain(requests, r => r.Contains(TestHubServer.Token, StringComparison.Ordinal) || r.Contains("access_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SpacesWorker_WrongToken_RunAsyncThrowsUnauthorized()
    {
        await using var server = await FakeWorkerServer.StartAsync(_state);
        var options = WorkerRun.Options(server, token: "wrong-token");

        var error = await Assert.ThrowsAsync<WorkerConnectionException>(
            () => Wait.ForAsync(new SpacesWorker(options).RunAsync((_, _) => Task.FromResult<object?>(null)), "RunAsync to fail"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.True(error.IsTokenRejected);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpacesWorker_NoServerListening_RunAsyncThrowsConnectionError()
    {
        var port = FreePort();
        var options = new SpacesWorkerOptions { Host = $"http://127.0.0.1:{port}", Token = TestHubServer.Token, Spaces = ["A"] };

        var error = await Assert.ThrowsAsync<WorkerConnectionException>(
            () => Wait.ForAsync(new SpacesWorker(options).RunAsync((_, _) => Task.FromResult<object?>(null)), "RunAsync to fail"));

        Assert.Null(error.StatusCode);
        Assert.StartsWith($"Could not connect to http://127.0.0.1:{port}/hubs/worker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpacesWorker_IdleLongerThanServerClientTimeout_StaysConnectedThroughPings()
    {
        // The client pings on a one-second timer and the server checks timeouts on one too, and this machine runs other
        // tests at the same time: a 4 s timeout leaves room for both, and 8 s idle is well past it.
        await using var server = await FakeWorkerServer.StartAsync(_state, configureHub: hub => hub.ClientTimeoutInterval = TimeSpan.FromSeconds(4));
        var reconnects = 0;
        var options = WorkerRun.Options(server, keepAliveInterval: TimeSpan.FromMilliseconds(500));
        await using var run = WorkerRun.Start(
            server, (job, _) => Task.FromResult<object?>(job.Request.Prompt), worker => worker.Reconnecting += (_, _) => Interlocked.Increment(ref reconnects), options);
        var connectionId = await Wait.ForNextAsync(_state.Registered.Reader, "the worker to register");

        await Task.Delay(TimeSpan.FromSeconds(8));
        var request = FakeWorkerServer.NewRequest("still there");
        await server.SendRequestAsync(connectionId, request);
        var call = await Wait.ForNextAsync(_state.Calls.Reader, "Complete after idling");

        Assert.Equal(0, Volatile.Read(ref reconnects));
        Assert.Equal(("Complete", request.RequestId), (call.Method, call.RequestId));
    }

    [Fact]
    public async Task SpacesWorker_ServerSilentPastServerTimeout_ReconnectsAndRegistersAgain()
    {
        await using var server = await FakeWorkerServer.StartAsync(_state, configureHub: hub => hub.KeepAliveInterval = TimeSpan.FromMinutes(5));
        var reconnecting = new TaskCompletionSource<WorkerReconnectingEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = WorkerRun.Options(server, serverTimeout: TimeSpan.FromSeconds(1));
        await using var run = WorkerRun.Start(
            server, (job, _) => Task.FromResult<object?>(job.Request.Prompt), worker => worker.Reconnecting += (_, e) => reconnecting.TrySetResult(e), options);
        var first = await Wait.ForNextAsync(_state.Registered.Reader, "the first registration");

        var drop = await Wait.ForAsync(reconnecting.Task, "the worker to give up on a silent server");
        var second = await Wait.ForNextAsync(_state.Registered.Reader, "the registration on the new connection");

        Assert.IsType<TimeoutException>(drop.Reason);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData(2, 5, true)]
    [InlineData(2, 1, false)]
    public async Task SpacesWorker_AlreadyConnectedAfterReconnect_RetriedUpToAlreadyConnectedRetries(int refusals, int retries, bool registers)
    {
        var first = await FakeWorkerServer.StartAsync(_state);
        var port = first.Port;
        var worker = new SpacesWorker(WorkerRun.Options(first, alreadyConnectedRetries: retries));
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.Registered += (_, _) => registered.TrySetResult();
        var refusedRetries = 0;
        worker.Reconnecting += (_, e) =>
        {
            if (e.Reason is RegistrationRefusedException)
            {
                Interlocked.Increment(ref refusedRetries);
            }
        };
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync((job, _) => Task.FromResult<object?>(job.Request.Prompt), stop.Token);
        // Accepted on the worker's side too: only a worker that was registered retries "already has a connected worker".
        await Wait.ForAsync(registered.Task, "the worker to see its first registration accepted");

        // The restarted server still believes the old connection holds the space, for a few registrations.
        var secondState = new FakeWorkerHubState { RefuseWith = "Space A already has a connected worker", RefuseTimes = refusals };
        await first.DisposeAsync();
        await using var second = await FakeWorkerServer.StartAsync(secondState, port);
        if (registers)
        {
            await Wait.ForNextAsync(secondState.Registered.Reader, "the registration once the server lets go of the old connection");
            await stop.CancelAsync();
            await Wait.ForAsync(running, "the worker to stop");
            Assert.Equal(refusals, Volatile.Read(ref refusedRetries));
        }
        else
        {
            var error = await Assert.ThrowsAsync<RegistrationRefusedException>(() => Wait.ForAsync(running, "RunAsync to give up"));
            Assert.Equal("Space A already has a connected worker", error.Message);
            Assert.Equal(RegistrationRefusal.SpaceAlreadyHasWorker, error.Refusal);
            Assert.Equal(retries, Volatile.Read(ref refusedRetries));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // free again once the listener is disposed
    }
}
