using Microsoft.Extensions.Logging;

namespace Spaces.Bench;

/// <summary>What a latency scenario measured.</summary>
public sealed record LatencyResult(
    string Name,
    int Spaces,
    int Requests,
    Percentiles SubmitToReceived,
    Percentiles SubmitToAccepted,
    double SubmittedPerSecond,
    double CompletedPerSecond,
    int Redeliveries,
    int Reconnects,
    double? HostCpuMsPerRequest);

/// <summary>
/// N requests from HTTP submitters (open loop: as fast as they can; closed loop: one in flight per submitter), round-robin over <c>spaceCount</c> spaces with one no-op worker each:
/// submit→received latency and completed requests per second. With several hosts (one cluster), worker i connects to host
/// i mod hosts and submitter j posts through <c>apis[j mod apis]</c>; host CPU is the sum over the hosts.
/// </summary>
public static class LatencyScenario
{
    public static async Task<LatencyResult> RunAsync(
        string name,
        IReadOnlyList<HostProcess> hosts,
        IReadOnlyList<AdminApi> apis,
        int spaceCount,
        int submitters,
        bool closedLoop,
        BenchSettings settings,
        ILogger workerLogger,
        CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"[{name}] creating {spaceCount} space(s) and connecting their workers");
        var (requests, prefix) = (settings.Requests, $"bench-{spaceCount}-{(closedLoop ? "closed" : "open")}");
        var spaces = await WorkerFleet.ProvisionAsync(apis[0], prefix, spaceCount, cancellationToken);
        var round = new SubmissionRound($"{prefix}-warmup", settings.WarmUp);
        await using var fleet = await WorkerFleet.StartAsync(
            [.. hosts.Select(h => h.BaseAddress)], spaces, (job, _) => Volatile.Read(ref round).HandleAsync(job), workerLogger, name, cancellationToken);

        // An unmeasured round first, so that tier-0 JIT code and connection set-up stay out of the figures: after only 50
        // warm-up requests, 300 measured ones ran 2 to 4 times slower than with DOTNET_TieredCompilation=0.
        Console.Error.WriteLine($"[{name}] warming up with {settings.WarmUp} requests");
        await round.RunAsync(apis, spaces, submitters, closedLoop, $"{name} warm-up", cancellationToken);

        Console.Error.WriteLine($"[{name}] submitting {requests} requests from {submitters} submitter(s){(closedLoop ? ", each waiting for the worker to receive its request" : "")}");
        var measured = new SubmissionRound($"{prefix}-run", requests);
        Volatile.Write(ref round, measured);
        var cpuBefore = CpuTime(hosts);
        var result = await measured.RunAsync(apis, spaces, submitters, closedLoop, name, cancellationToken);
        var hostCpu = CpuTime(hosts) - cpuBefore;
        return new LatencyResult(
            name,
            spaceCount,
            requests,
            result.SubmitToReceived,
            result.SubmitToAccepted,
            result.SubmittedPerSecond,
            result.CompletedPerSecond,
            result.Redeliveries,
            fleet.Reconnects,
            hostCpu.TotalMilliseconds / requests);
    }

    private static TimeSpan CpuTime(IReadOnlyList<HostProcess> hosts) => hosts.Aggregate(TimeSpan.Zero, (sum, host) => sum + host.ReadCpuTime());
}
