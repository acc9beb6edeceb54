using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Spaces.Bench;

/// <summary>
/// What the idle-connections scenario measured, in KiB: the host process's RSS, and this process's (where the workers run).
/// </summary>
public sealed record IdleResult(int Workers, long RssBeforeKiB, long RssAfterKiB, long WorkersRssBeforeKiB, long WorkersRssAfterKiB, int Reconnects)
{
    public double KiBPerConnection => (double)(RssAfterKiB - RssBeforeKiB) / Workers;

    public double WorkerKiBPerConnection => (double)(WorkersRssAfterKiB - WorkersRssBeforeKiB) / Workers;
}

/// <summary>
/// The host's resident memory before and after <c>count</c> idle workers connect, each registered to its own space.
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
        var workersAfter = OwnRssKiB();
        Console.Error.WriteLine($"[{Name}] host RSS {after} KiB with {count} idle workers; disconnecting them");
        return new IdleResult(count, before, after, workersBefore, workersAfter, fleet.Reconnects);
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
