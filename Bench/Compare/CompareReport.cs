using System.Globalization;
using Spaces.Bench.Peers;

namespace Spaces.Bench.Compare;

/// <summary>One build's run, named.</summary>
public sealed record Side(string Label, SpacesRun Run);

/// <summary>
/// One table: each scenario's p50, p99 and completed/s for the earlier build, ours and graphile-worker (its scenario in the
/// same place: one worker ↔ concurrency 1, N spaces ↔ concurrency N), with ours/base and ours/graphile; then the goal.
/// </summary>
public static class CompareReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Print(TextWriter output, Side earlier, Side ours, GraphileRun graphile, IReadOnlyList<string> loads)
    {
        output.WriteLine();
        output.WriteLine("## Side by side");
        output.WriteLine();
        output.WriteLine($"- Machine: {Environment.ProcessorCount} logical processors, shared; {string.Join("; ", loads)}.");
        output.WriteLine($"- {earlier.Label}: `{earlier.Run.ApiDll}`; {ours.Label}: `{ours.Run.ApiDll}`; " +
                         $"graphile-worker {graphile.Version} on PostgreSQL {graphile.Postgres}.");
        output.WriteLine("- Latency: submit → worker received (ours), addJob → task start (graphile-worker). A ratio below 1 is better " +
                         "for latency and memory, above 1 for rates.");
        output.WriteLine();
        output.WriteLine($"| Measure | {earlier.Label} | {ours.Label} | graphile-worker | {ours.Label}/{earlier.Label} | {ours.Label}/graphile |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (var i = 0; i < ours.Run.Latency.Count; i++)
        {
            var (b, o, g) = (earlier.Run.Latency[i], ours.Run.Latency[i], graphile.Latency.ElementAtOrDefault(i));
            var peer = g is null ? "" : $" ↔ {g.Name["graphile-worker, ".Length..]}";
            Row(output, $"{o.Name}{peer}: p50 ms", b.SubmitToReceived.P50, o.SubmitToReceived.P50, g?.SubmitToReceived.P50, "0.00");
            Row(output, $"{o.Name}: p99 ms", b.SubmitToReceived.P99, o.SubmitToReceived.P99, g?.SubmitToReceived.P99, "0.00");
            Row(output, $"{o.Name}: completed/s", b.CompletedPerSecond, o.CompletedPerSecond, g?.CompletedPerSecond, "0");
        }

        // The unloaded path hop by hop; graphile-worker's counterpart of POST → 202 is addJob's own round trip.
        var hops = Report.PathRows(earlier.Run).Zip(Report.PathRows(ours.Run)).ToArray();
        foreach (var ((name, b), (_, o)) in hops[..^1])
        {
            var isSubmission = name.StartsWith("POST", StringComparison.Ordinal);
            var peer = isSubmission ? graphile.Latency[0].SubmitToAccepted.P50 : (double?)null;
            Row(output, $"unloaded, {name}{(isSubmission ? " ↔ addJob → returned" : "")}: p50 ms", b.P50, o.P50, peer, "0.00");
        }

        Row(output, "host KiB per idle worker connection", earlier.Run.Idle.KiBPerConnection, ours.Run.Idle.KiBPerConnection, null, "0.0");
        output.WriteLine();
        PrintGoal(output, earlier, ours, graphile);
    }

    /// <summary>Issue 9's goal: ours at most half of graphile-worker's p50, at least its jobs/s, and never worse than the earlier build.</summary>
    private static void PrintGoal(TextWriter output, Side earlier, Side ours, GraphileRun graphile)
    {
        var (unloaded, many) = (ours.Run.Latency[0], ours.Run.Latency[^1]);
        var (peerUnloaded, peerMany) = (graphile.Latency[0], graphile.Latency[^1]);
        var halfP50 = unloaded.SubmitToReceived.P50 <= peerUnloaded.SubmitToReceived.P50 / 2;
        output.WriteLine(string.Create(C, $"- Goal, p50 at most half of graphile-worker's (unloaded): {unloaded.SubmitToReceived.P50:0.00} ms ") +
                         string.Create(C, $"against {peerUnloaded.SubmitToReceived.P50 / 2:0.00} ms: {Verdict(halfP50)}."));
        var rate = many.CompletedPerSecond >= peerMany.CompletedPerSecond;
        output.WriteLine(string.Create(C, $"- Goal, at least graphile-worker's jobs/s ({many.Name}): {many.CompletedPerSecond:0}/s ") +
                         string.Create(C, $"against {peerMany.CompletedPerSecond:0}/s: {Verdict(rate)}."));
        // Lower is better for latency and memory, higher for rates.
        var checks = ours.Run.Latency.Zip(earlier.Run.Latency).SelectMany(pair => new[]
            {
                ($"{pair.First.Name} p50", pair.First.SubmitToReceived.P50 > pair.Second.SubmitToReceived.P50),
                ($"{pair.First.Name} p99", pair.First.SubmitToReceived.P99 > pair.Second.SubmitToReceived.P99),
                ($"{pair.First.Name} completed/s", pair.First.CompletedPerSecond < pair.Second.CompletedPerSecond),
            })
            .Append(("KiB per idle connection", ours.Run.Idle.KiBPerConnection > earlier.Run.Idle.KiBPerConnection));
        var worse = checks.Where(check => check.Item2).Select(check => check.Item1).ToArray();
        output.WriteLine(worse.Length == 0
            ? $"- Goal, never worse than {earlier.Label}: met."
            : $"- Goal, never worse than {earlier.Label}: not met for {string.Join(", ", worse)}.");
    }

    private static void Row(TextWriter output, string measure, double earlier, double ours, double? graphile, string format)
    {
        var peer = graphile is { } g ? g.ToString(format, C) : "–";
        var toPeer = graphile is { } p && p > 0 ? (ours / p).ToString("0.00", C) : "–";
        var toEarlier = earlier > 0 ? (ours / earlier).ToString("0.00", C) : "–";
        output.WriteLine($"| {measure} | {earlier.ToString(format, C)} | {ours.ToString(format, C)} | {peer} | {toEarlier} | {toPeer} |");
    }

    private static string Verdict(bool met) => met ? "met" : "not met";
}
