using System.Globalization;
using System.Runtime.InteropServices;

namespace Spaces.Bench;

/// <summary>The options of one run.</summary>
public sealed record BenchSettings(int Requests, int SpacesMany, int IdleWorkers, int WarmUp, string ApiDll);

/// <summary>Prints the results as Markdown, with the machine and the command line that produced them.</summary>
public static class Report
{
    public static void Print(TextWriter output, BenchSettings settings, SpacesRun run)
    {
        var (latency, idle) = (run.Latency, run.Idle);
        var c = CultureInfo.InvariantCulture;
        var options = $"--requests {settings.Requests} --spaces-many {settings.SpacesMany} " +
                      $"--idle-workers {settings.IdleWorkers} --warmup {settings.WarmUp}";
        output.WriteLine();
        output.WriteLine("## Spaces benchmark");
        output.WriteLine();
        var os = $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}";
        output.WriteLine(string.Create(c, $"- Machine: {Environment.ProcessorCount} logical processors, {os}"));
        output.WriteLine($"- Command: `{Environment.CommandLine}`");
        output.WriteLine($"- Options: `{options}`");
        output.WriteLine("- Host: Spaces.Api as a separate process (SQLite, fresh data folder, loopback HTTP); " +
                         "its RSS excludes the benchmark's own memory, where the workers run (measured after a full GC).");
        output.WriteLine("- Latency: from just before the POST to the worker handler receiving the request, " +
                         $"after an unmeasured {settings.WarmUp}-request warm-up. Submitted req/s: N / (first POST → last 202). " +
                         "Completed req/s: N / (first POST → all requests `completed`). Host CPU: the host process's user + kernel time " +
                         "during the measured requests, per request.");
        output.WriteLine();
        PrintLatencyTable(output, "Spaces / workers", latency);
        output.WriteLine();
        output.WriteLine("| Scenario | Idle workers | Host RSS before (MiB) | Host RSS after (MiB) | Host KiB per idle connection (RSS) | " +
                         "Host KiB per idle connection (live heap after a full GC) | Worker-side KiB per idle connection |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        output.WriteLine(string.Create(c, $"| idle connections | {idle.Workers} | {idle.RssBeforeKiB / 1024.0:0.0} | ") +
                         string.Create(c, $"{idle.RssAfterKiB / 1024.0:0.0} | {idle.KiBPerConnection:0.0} | {idle.HeapKiBPerConnection:0.0} | {idle.WorkerKiBPerConnection:0.0} |"));
        output.WriteLine();

        PrintPath(output, run);
        output.WriteLine();

        var redeliveries = latency.Sum(r => r.Redeliveries);
        var reconnects = latency.Sum(r => r.Reconnects) + idle.Reconnects;
        output.WriteLine(string.Create(c, $"- Duplicate deliveries to workers: {redeliveries}; worker reconnects: {reconnects}."));
        var listed = run.HostProblems > 0 ? "; first ones:" : ".";
        output.WriteLine(string.Create(c, $"- Host log lines: {run.HostLogLines}; entries at warn/fail/crit: {run.HostProblems}{listed}"));
        foreach (var line in run.FirstProblems)
        {
            output.WriteLine($"  - `{line}`");
        }
    }

    /// <summary>One row per scenario: latency percentiles and rates; <paramref name="workersColumn"/> names the second column.</summary>
    public static void PrintLatencyTable(TextWriter output, string workersColumn, IEnumerable<LatencyResult> latency)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"| Scenario | {workersColumn} | Requests | p50 ms | p90 ms | p99 ms | max ms | Submitted req/s | Completed req/s | " +
                         "Host CPU ms/req |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in latency)
        {
            var p = r.SubmitToReceived;
            output.WriteLine(string.Create(c, $"| {r.Name} | {r.Spaces} | {r.Requests} | {p.P50:0.0} | {p.P90:0.0} | {p.P99:0.0} | ") +
                             string.Create(c, $"{p.Max:0.0} | {r.SubmittedPerSecond:0} | {r.CompletedPerSecond:0} | ") +
                             (r.HostCpuMsPerRequest is { } cpu ? cpu.ToString("0.00", c) : "–") + " |");
        }
    }

    /// <summary>The unloaded path hop by hop: each row adds a hop to the one above (see <see cref="PathProbe"/>).</summary>
    private static void PrintPath(TextWriter output, SpacesRun run)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine("| Unloaded path, one call at a time | p50 ms | p99 ms |");
        output.WriteLine("|---|---:|---:|");
        foreach (var (name, p) in PathRows(run))
        {
            output.WriteLine(string.Create(c, $"| {name} | {p.P50:0.00} | {p.P99:0.00} |"));
        }
    }

    /// <summary>The probe's GETs, then the unloaded scenario's POST → 202 and POST → worker received.</summary>
    public static IEnumerable<(string Name, Percentiles Timing)> PathRows(SpacesRun run)
    {
        var unloaded = run.Latency[0];
        yield return ("GET /health (HTTP floor)", run.Path.Health);
        yield return ("GET /api/auth/me (+ cookie, session, user)", run.Path.Me);
        yield return ("GET /api/spaces/{id} (+ space lookup)", run.Path.Space);
        yield return ("POST /api/spaces/{id}/requests → 202 (+ submission)", unloaded.SubmitToAccepted);
        yield return ("POST → worker received (+ dispatch)", unloaded.SubmitToReceived);
    }
}
