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

    public static SpacesWorkerOptions Options(TestHubServer server) => new()
    {
        Host = server.BaseUrl.ToString(),
        Token = TestHubServer.Token,
        Spaces = ["A"],
        ReconnectDelays = [TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)],
    };

    public static WorkerRun Start(
        TestHubServer server,
        Func<WorkerJob, CancellationToken, Task<object?>> handler,
        Action<SpacesWorker>? subscribe = null)
    {
        var worker = new SpacesWorker(Options(server));
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
