using Microsoft.Extensions.Logging;

namespace Spaces.Bench;

/// <summary>What the idle-connections scenario measured; RSS values are the host process's, in KiB.</summary>
public sealed record IdleResult(int Workers, long RssBeforeKiB, long RssAfterKiB, int Reconnects)
{
    public double KiBPerConnection => (double)(RssAfterKiB - RssBeforeKiB) / Workers;
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
        Console.Error.WriteLine($"[{Name}] host RSS {after} KiB with {count} idle workers; disconnecting them");
        return new IdleResult(count, before, after, fleet.Reconnects);
    }
}
