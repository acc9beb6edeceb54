using Microsoft.Extensions.Logging;

namespace Spaces.Bench;

/// <summary>What the Spaces scenarios measured on one host, with what the host logged.</summary>
public sealed record SpacesRun(
    string ApiDll,
    IReadOnlyList<LatencyResult> Latency,
    IdleResult Idle,
    PathProbeResult Path,
    int HostLogLines,
    int HostProblems,
    IReadOnlyList<string> FirstProblems);

/// <summary>The Spaces scenarios against one freshly started host process: idle-connection memory, then three latency runs and a probe of the unloaded path.</summary>
public static class SpacesScenarios
{
    private const int ProbeRequests = 500;

    public static async Task<SpacesRun> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        // The SDK's own warnings (refused outcomes, dropped connections) are worth seeing; the rest is noise here.
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(LogLevel.Warning));
        var workerLogger = loggerFactory.CreateLogger("Spaces.Bench.Workers");
        var password = $"bench-{Guid.NewGuid():N}";

        Console.Error.WriteLine($"Starting the host {settings.ApiDll}");
        await using var host = await HostProcess.StartAsync(settings.ApiDll, password, cancellationToken);
        using var api = new AdminApi(host.BaseAddress);
        await api.LoginAsync("admin", password, cancellationToken);

        // Memory first, on a fresh host: heap grown and left over by the latency runs would otherwise hide the growth.
        var idle = await IdleConnectionsScenario.RunAsync(host, api, settings.IdleWorkers, workerLogger, cancellationToken);
        // Unloaded: one request at a time, so latency is the path itself. Loaded: 8 submitters as fast as they can, so
        // completed/s is the capacity and latency includes the queueing that capacity implies.
        var unloaded = await LatencyScenario.RunAsync("1 space, unloaded", [host], [api], 1, 1, true, settings, workerLogger, cancellationToken);
        var probeSpace = (await WorkerFleet.ProvisionAsync(api, "bench-probe", 1, cancellationToken))[0];
        var path = await PathProbe.RunAsync(api, probeSpace.Id, ProbeRequests, cancellationToken);
        var one = await LatencyScenario.RunAsync("1 space, 8 submitters", [host], [api], 1, 8, false, settings, workerLogger, cancellationToken);
        var many = await LatencyScenario.RunAsync(
            $"{settings.SpacesMany} spaces, 8 submitters", [host], [api], settings.SpacesMany, 8, false, settings, workerLogger, cancellationToken);

        var (problems, first) = host.Log.Problems;
        return new SpacesRun(settings.ApiDll, [unloaded, one, many], idle, path, host.Log.Lines, problems, first);
    }
}
