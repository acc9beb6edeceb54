using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Spaces.Bench;

/// <summary>
/// What the idle-connections scenario measured, in KiB: the host process's RSS, and this process's (where the workers run).
/// </summary>
public sealed record IdleResult(
    int Workers, long RssBeforeKiB, long RssAfterKiB, long WorkersRssBeforeKiB, long WorkersRssAfterKiB, int Reconnects, LiveHeap Heap)
{
    /// <summary>The host's RSS growth per connection: includes garbage not yet collected and space the GC keeps committed.</summary>
    public double KiBPerConnection => (double)(RssAfterKiB - RssBeforeKiB) / Workers;

    /// <summary>The host's live heap growth per connection, after forced full collections: what the connections hold.</summary>
    public double HeapKiBPerConnection => Heap.KiBPer(Workers);

    public double WorkerKiBPerConnection => (double)(WorkersRssAfterKiB - WorkersRssBeforeKiB) / Workers;
}

/// <summary>
/// The host's resident memory and live heap before and after <c>count</c> idle workers connect, each registered to its own space.
/// The spaces exist before the first reading, so the difference is the connections and their registrations only.
/// </summary>
public static class IdleConnectionsScenario
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<IdleResult> RunAsync(
        HostProcess host, AdminApi api, int count, ILogger workerLogger, CancellationToken cancellationToken)
    {
        const string Name = "idle connections";
        Console.Error.WriteLine($"[{Name}] creating {count} spaces");
        var spaces = await WorkerFleet.ProvisionAsync(api, "bench-idle", count, cancellationToken);

        await Task.Delay(Settle, cancellationToken);
        var before = host.ReadRssKiB();
        var heapBefore = await host.ReadLiveHeapKiBAsync(cancellationToken);
        var workersBefore = OwnRssKiB();
        Console.Error.WriteLine($"[{Name}] host RSS {before} KiB; connecting {count} idle workers");
        await using var fleet = await WorkerFleet.StartAsync(
            host.BaseAddress,
            spaces,
            (job, _) => throw new InvalidOperationException($"An idle worker received request {job.Request.RequestId}."),
            workerLogger,
            Name,
            cancellationToken);

        await Task.Delay(Settle, cancellationToken);
        var after = host.ReadRssKiB();
        var heapAfter = await host.ReadLiveHeapKiBAsync(cancellationToken);
        var workersAfter = OwnRssKiB();
        Console.Error.WriteLine($"[{Name}] host RSS {after} KiB, live heap {heapBefore} -> {heapAfter} KiB with {count} idle workers; disconnecting them");
        return new IdleResult(count, before, after, workersBefore, workersAfter, fleet.Reconnects, new LiveHeap(heapBefore, heapAfter));
    }

    /// <summary>This process's resident set after a full collection, so garbage from provisioning does not count as workers.</summary>
    private static long OwnRssKiB()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64 / 1024;
    }
}
