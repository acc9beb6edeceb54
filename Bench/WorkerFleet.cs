using Microsoft.Extensions.Logging;
using Spaces.Worker.Sdk;

namespace Spaces.Bench;

/// <summary>A space the benchmark created, with a worker token allowed for it.</summary>
public sealed record BenchSpace(string Name, string Id, string Token);

/// <summary>One <see cref="SpacesWorker"/> per space, each its own hub connection, all running the same handler.</summary>
public sealed class WorkerFleet : IAsyncDisposable
{
    private const int SpacesPerToken = 100; // POST /api/tokens takes 1 to 100 space_ids
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _runs = [];
    private int _reconnects;

    /// <summary>Times a worker lost its connection and reconnected; 0 on a healthy run.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Creates <paramref name="count"/> spaces named <c>{prefix}-{i}</c> and worker tokens for them.</summary>
    public static async Task<IReadOnlyList<BenchSpace>> ProvisionAsync(
        AdminApi api, string prefix, int count, CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D4}").ToArray();
        var ids = new string[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => ids[i] = await api.CreateSpaceAsync(names[i], ct));
        var spaces = new List<BenchSpace>(count);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(SpacesPerToken))
        {
            var token = await api.CreateTokenAsync($"{prefix}-{chunk[0]}", chunk.Select(i => ids[i]).ToArray(), cancellationToken);
            spaces.AddRange(chunk.Select(i => new BenchSpace(names[i], ids[i], token)));
        }

        return spaces;
    }

    /// <summary>Starts one worker per space and returns once every one of them is registered.</summary>
    public static Task<WorkerFleet> StartAsync(
        Uri host,
        IReadOnlyList<BenchSpace> spaces,
        Func<WorkerJob, CancellationToken, Task<object?>> handler,
        ILogger logger,
        string phase,
        CancellationToken cancellationToken) => StartAsync([host], spaces, handler, logger, phase, cancellationToken);

    /// <summary>Starts one worker per space, the one of space i on host i mod hosts, and returns once every one of them is registered.</summary>
    public static async Task<WorkerFleet> StartAsync(
        IReadOnlyList<Uri> hosts,
        IReadOnlyList<BenchSpace> spaces,
        Func<WorkerJob, CancellationToken, Task<object?>> handler,
        ILogger logger,
        string phase,
        CancellationToken cancellationToken)
    {
        var fleet = new WorkerFleet();
        var registrations = new List<Task>(spaces.Count);
        try
        {
            foreach (var (space, i) in spaces.Select((space, i) => (space, i)))
            {
                var options = new SpacesWorkerOptions { Host = hosts[i % hosts.Count].ToString(), Token = space.Token, Spaces = [space.Name] };
                var worker = new SpacesWorker(options, logger);
                var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                worker.Registered += (_, _) => registered.TrySetResult(); // armed before the worker starts
                worker.Reconnecting += (_, _) => Interlocked.Increment(ref fleet._reconnects);
                var run = worker.RunAsync(handler, fleet._stop.Token);
                fleet._runs.Add(run);
                registrations.Add(RegisteredOrFailedAsync(space.Name, registered.Task, run));
            }

            var timeout = TimeSpan.FromSeconds(30 + (spaces.Count / 5));
            await Phase.WaitAsync(Task.WhenAll(registrations), timeout, $"{phase}: {spaces.Count} workers registering", cancellationToken);
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Phase.WaitAsync(Task.WhenAll(_runs), TimeSpan.FromSeconds(30), $"stopping {_runs.Count} workers", CancellationToken.None);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Stopping the workers: {e.Message}");
        }

        _stop.Dispose();
    }

    private static async Task RegisteredOrFailedAsync(string space, Task registered, Task run)
    {
        if (await Task.WhenAny(registered, run) == run)
        {
            await run; // throws the refusal or connection error
            throw new InvalidOperationException($"The worker for {space} stopped before it registered.");
        }
    }
}
