using System.Collections.Concurrent;
using Spaces.Grains.Abstractions.Workers;
using Spaces.Worker.Sdk;

namespace Spaces.Tests.Infrastructure;

/// <summary>A worker on the real SDK, running in the background, recording what it received.</summary>
public sealed class TestWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<IReadOnlyList<WorkerRegistration>> _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;

    private TestWorker(SpacesWorker worker, Func<WorkerJob, CancellationToken, Task<object?>> handler)
    {
        worker.Registered += (_, e) =>
        {
            RegisteredAt.Enqueue(DateTime.UtcNow);
            _registered.TrySetResult(e.Registrations);
        };
        Run = Task.Run(() => worker.RunAsync(
            async (job, ct) =>
            {
                if (Interlocked.Increment(ref _running) > 1)
                {
                    Overlapped = true;
                }
                try
                {
                    Received.Enqueue(job.Request);
                    return await handler(job, ct);
                }
                finally
                {
                    Interlocked.Decrement(ref _running);
                }
            },
            _stop.Token));
        // A refused registration ends Run before Registered fires: surface it to whoever waits.
        _ = Run.ContinueWith(t => _registered.TrySetException(t.Exception?.InnerException ?? new InvalidOperationException("The worker stopped before registering")), TaskScheduler.Default);
    }

    /// <summary>The worker's RunAsync: completes when stopped, or faults with the reason it could not run.</summary>
    public Task Run { get; }

    public ConcurrentQueue<WorkerRequest> Received { get; } = new();

    /// <summary>When each registration (the first and every one after a reconnect) was accepted.</summary>
    public ConcurrentQueue<DateTime> RegisteredAt { get; } = new();

    /// <summary>True if two requests were ever processed at the same time.</summary>
    public bool Overlapped { get; private set; }

    public static TestWorker Start(SpacesHost host, string token, string[] spaces, Func<WorkerJob, CancellationToken, Task<object?>>? handler = null) =>
        Start(host.BaseUrl, token, spaces, handler);

    /// <summary>A worker connected to the host at <paramref name="baseUrl"/> (one host of a cluster, or a balancer in front of them).</summary>
    public static TestWorker Start(string baseUrl, string token, string[] spaces, Func<WorkerJob, CancellationToken, Task<object?>>? handler = null) =>
        Start(baseUrl, token, spaces, handler ?? Echo, alreadyConnectedRetries: 0);

    /// <summary>
    /// A worker on <paramref name="baseUrl"/> (a balancer in front of a cluster's hosts) that outlives its host: it
    /// reconnects quickly and retries "already has a connected worker" while the space has not yet detached its old
    /// connection.
    /// </summary>
    public static TestWorker StartBehind(string baseUrl, string token, string[] spaces, Func<WorkerJob, CancellationToken, Task<object?>> handler) =>
        Start(baseUrl, token, spaces, handler, alreadyConnectedRetries: 60);

    private static TestWorker Start(
        string baseUrl, string token, string[] spaces, Func<WorkerJob, CancellationToken, Task<object?>> handler, int alreadyConnectedRetries) =>
        new(
            new SpacesWorker(new SpacesWorkerOptions
            {
                Host = baseUrl,
                Token = token,
                Spaces = spaces,
                ReconnectDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)],
                AlreadyConnectedRetries = alreadyConnectedRetries,
            }),
            handler);

    public static Task<object?> Echo(WorkerJob job, CancellationToken ct) => Task.FromResult<object?>(new { echo = job.Request.Prompt });

    public Task<IReadOnlyList<WorkerRegistration>> RegisteredAsync() => Wait.ForAsync(_registered.Task, "worker registration");

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Wait.ForAsync(Run, "worker stop");
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }
}
