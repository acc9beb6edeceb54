using Spaces.Worker.Sdk;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Worker;

/// <summary>A SpacesWorker running in the background for one test; disposing stops it and surfaces any failure.</summary>
internal sealed class WorkerRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private WorkerRun(SpacesWorker worker, Func<WorkerJob, CancellationToken, Task<object?>> handler)
    {
        _running = worker.RunAsync(handler, _stop.Token);
    }

    /// <summary>Quick reconnects; the timeouts and retries are the SDK's defaults unless given.</summary>
    public static SpacesWorkerOptions Options(
        TestHubServer server,
        string token = TestHubServer.Token,
        TimeSpan? keepAliveInterval = null,
        TimeSpan? serverTimeout = null,
        int alreadyConnectedRetries = 5) => new()
    {
        Host = server.BaseUrl.ToString(),
        Token = token,
        Spaces = ["A"],
        ReconnectDelays = [TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)],
        KeepAliveInterval = keepAliveInterval ?? TimeSpan.FromSeconds(15),
        ServerTimeout = serverTimeout ?? TimeSpan.FromSeconds(30),
        AlreadyConnectedRetries = alreadyConnectedRetries,
    };

    /// <param name="options">Settings other than <see cref="Options"/>' defaults, e.g. shorter timeouts.</param>
    public static WorkerRun Start(
        TestHubServer server,
        Func<WorkerJob, CancellationToken, Task<object?>> handler,
        Action<SpacesWorker>? subscribe = null,
        SpacesWorkerOptions? options = null)
    {
        var worker = new SpacesWorker(options ?? Options(server));
        subscribe?.Invoke(worker);
        return new WorkerRun(worker, handler);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Wait.ForAsync(_running, "the worker to stop");
        _stop.Dispose();
    }
}
