using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Spaces.Bench.Peers;

/// <summary>What graphile-worker measured: its version, PostgreSQL's, and one row per scenario.</summary>
public sealed record GraphileRun(string Version, string Postgres, IReadOnlyList<LatencyResult> Latency);

/// <summary>
/// `spaces-bench graphile`: graphile-worker (npm, Bench/peers/graphile) on a private PostgreSQL with a no-op task, in the
/// scenarios of our own run and with the same numbers of jobs and warm-up: add_job → task start percentiles, jobs added/s
/// and completed/s. Our workers take one request at a time, so one space is concurrency 1 and N spaces concurrency N.
/// </summary>
public static class GraphileBenchmark
{
    private const string Script = "bench.mjs";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(20);

    public static Command CreateCommand()
    {
        var requests = SpacesOptions.PositiveOption("--requests", "Jobs per scenario", 2000);
        var warmUp = SpacesOptions.PositiveOption("--warmup", "Unmeasured jobs before each scenario", 500);
        var many = SpacesOptions.PositiveOption("--spaces-many", "Concurrency of the runner in the many-workers scenario", 50);
        var peerDirectory = PeerDirectoryOption();
        var command = new Command("graphile", "graphile-worker on a private PostgreSQL with a no-op task: add_job → start latency and jobs/s")
        {
            requests, warmUp, many, peerDirectory,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var run = await RunAsync(
                    parse.GetValue(requests), parse.GetValue(warmUp), parse.GetValue(many), parse.GetValue(peerDirectory), cancellationToken);
                Print(Console.Out, run, parse.GetValue(warmUp));
                return 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"spaces-bench graphile failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    public static Option<string?> PeerDirectoryOption() =>
        new("--graphile-dir") { Description = "Folder with bench.mjs and its node_modules (default: Bench/peers/graphile of the repository)" };

    public static async Task<GraphileRun> RunAsync(int jobs, int warmUp, int many, string? peerDirectory, CancellationToken cancellationToken)
    {
        var folder = peerDirectory ?? Path.Combine(NodeScripts.FindRepoRoot(), "Bench", "peers", "graphile");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "graphile-worker")))
        {
            throw new InvalidOperationException($"graphile-worker is not installed in {folder}: run `npm ci` there first.");
        }

        await using var postgres = await PostgresServer.StartAsync(cancellationToken);
        var counts = new[] { jobs, warmUp, many }.Select(n => n.ToString(CultureInfo.InvariantCulture));
        var json = await ExternalProcess.RunAsync(
            "node", [Path.Combine(folder, Script), postgres.ConnectionString, .. counts], folder, NodeTimeout, forwardStandardError: true, cancellationToken);
        var output = JsonSerializer.Deserialize<Output>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"{Script} printed nothing");
        var latency = output.Scenarios.Select(s => new LatencyResult(
                $"graphile-worker, {s.Name}",
                s.Concurrency,
                s.Jobs,
                s.Started,
                s.Added,
                s.SubmittedPerSecond,
                s.CompletedPerSecond,
                s.Duplicates,
                Reconnects: 0,
                HostCpuMsPerRequest: null))
            .ToArray();
        return new GraphileRun(output.Version, output.Postgres, latency);
    }

    public static void Print(TextWriter output, GraphileRun run, int warmUp)
    {
        output.WriteLine();
        output.WriteLine($"## graphile-worker {run.Version} (PostgreSQL {run.Postgres})");
        output.WriteLine();
        output.WriteLine($"- Command: `{Environment.CommandLine}`");
        output.WriteLine("- A runner process with a no-op task; submitters in another process call `addJob` one at a time (WorkerUtils). " +
                         "Latency: from just before `addJob` to the task starting (the monotonic clock both processes share), " +
                         $"after an unmeasured {warmUp}-job warm-up. Completed jobs/s: N / (first addJob → jobs table empty).");
        output.WriteLine();
        Report.PrintLatencyTable(output, "Concurrency", run.Latency);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- Duplicate task starts: {run.Latency.Sum(r => r.Redeliveries)}."));
    }

    private sealed record Output(string Version, string Postgres, IReadOnlyList<Scenario> Scenarios);

    private sealed record Scenario(
        string Name,
        int Concurrency,
        int Jobs,
        Percentiles Started,
        Percentiles Added,
        double SubmittedPerSecond,
        double CompletedPerSecond,
        int Duplicates);
}
