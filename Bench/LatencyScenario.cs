using Microsoft.Extensions.Logging;

namespace Spaces.Bench;

/// <summary>What a latency scenario measured.</summary>
public sealed record LatencyResult(
    string Name,
    int Spaces,
    int Requests,
    Percentiles SubmitToReceived,
    double SubmittedPerSecond,
    double CompletedPerSecond,
    int Redeliveries,
    int Reconnects);

/// <summary>
/// N requests from concurrent HTTP submitters, round-robin over <c>spaceCount</c> spaces with one no-op worker each:
/// submit→received latency and completed requests per second.
/// </summary>
public static class LatencyScenario
{
    private const int Submitters = 8;

    public static async Task<LatencyResult> RunAsync(
        string name,
        HostProcess host,
        AdminApi api,
        int spaceCount,
        BenchSettings settings,
        ILogger workerLogger,
        CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"[{name}] creating {spaceCount} space(s) and connecting their workers");
        var (requests, prefix) = (settings.Requests, $"bench-{spaceCount}");
        var spaces = await WorkerFleet.ProvisionAsync(api, prefix, spaceCount, cancellationToken);
        var round = new SubmissionRound($"{prefix}-warmup", settings.WarmUp);
        await using var fleet = await WorkerFleet.StartAsync(
            host.BaseAddress, spaces, (job, _) => Volatile.Read(ref round).HandleAsync(job), workerLogger, name, cancellationToken);

        // An unmeasured round first, so that tier-0 JIT code and connection set-up stay out of the figures: after only 50
        // warm-up requests, 300 measured ones ran 2 to 4 times slower than with DOTNET_TieredCompilation=0.
        Console.Error.WriteLine($"[{name}] warming up with {settings.WarmUp} requests");
        await round.RunAsync(api, spaces, Submitters, $"{name} warm-up", cancellationToken);

        Console.Error.WriteLine($"[{name}] submitting {requests} requests from {Submitters} submitters");
        var measured = new SubmissionRound($"{prefix}-run", requests);
        Volatile.Write(ref round, measured);
        var result = await measured.RunAsync(api, spaces, Submitters, name, cancellationToken);
        return new LatencyResult(
            name,
            spaceCount,
            requests,
            result.SubmitToReceived,
            result.SubmittedPerSecond,
            result.CompletedPerSecond,
            result.Redeliveries,
            fleet.Reconnects);
    }
}
