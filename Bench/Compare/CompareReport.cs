using System.Globalization;
using Spaces.Bench.Floor;
using Spaces.Bench.Peers;

namespace Spaces.Bench.Compare;

/// <summary>One build's runs, one per round, named.</summary>
public sealed record Side(string Label, IReadOnlyList<SpacesRun> Runs);

/// <summary>
/// One table: each scenario's p50, p99 and completed/s for the earlier build, ours and graphile-worker (its scenario in the
/// same place: one worker ↔ concurrency 1, N spaces ↔ concurrency N), the median over the rounds, with ours/base and
/// ours/graphile; then the unloaded path hop by hop, memory per idle connection, the transport floor, and issue 9's goal.
/// </summary>
public static class CompareReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Print(
        TextWriter output, Side earlier, Side ours, IReadOnlyList<GraphileRun> graphile, IReadOnlyList<IReadOnlyList<FloorResult>> floors, IReadOnlyList<string> loads)
    {
        var rounds = ours.Runs.Count;
        output.WriteLine();
        output.WriteLine("## Side by side");
        output.WriteLine();
        output.WriteLine($"- Machine: {Environment.ProcessorCount} logical processors, shared; {string.Join("; ", loads)}.");
        output.WriteLine($"- {earlier.Label}: `{earlier.Runs[0].ApiDll}`; {ours.Label}: `{ours.Runs[0].ApiDll}`; " +
                         $"graphile-worker {graphile[0].Version} on PostgreSQL {graphile[0].Postgres}.");
        output.WriteLine($"- Each figure is the median of {rounds} round(s). Latency: submit → worker received (ours), addJob → task " +
                         "start (graphile-worker). A ratio below 1 is better for latency and memory, above 1 for rates.");
        output.WriteLine();
        output.WriteLine($"| Measure | {earlier.Label} | {ours.Label} | graphile-worker | {ours.Label}/{earlier.Label} | {ours.Label}/graphile |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        var table = new Table(output, earlier, ours, graphile);
        var peerNames = graphile[0].Latency.Select(g => g.Name["graphile-worker, ".Length..]).ToArray();
        for (var i = 0; i < ours.Runs[0].Latency.Count; i++)
        {
            var scenario = i; // captured by the selectors below
            var name = ours.Runs[0].Latency[i].Name;
            table.Row($"{name} ↔ {peerNames[i]}: p50 ms", r => r.Latency[scenario].SubmitToReceived.P50, g => g.Latency[scenario].SubmitToReceived.P50, "0.00");
            table.Row($"{name}: p99 ms", r => r.Latency[scenario].SubmitToReceived.P99, g => g.Latency[scenario].SubmitToReceived.P99, "0.00");
            table.Row($"{name}: completed/s", r => r.Latency[scenario].CompletedPerSecond, g => g.Latency[scenario].CompletedPerSecond, "0");
            table.Row($"{name}: host CPU ms per request", r => r.Latency[scenario].HostCpuMsPerRequest ?? double.NaN, null, "0.00");
        }

        // The unloaded path hop by hop; graphile-worker's counterpart of POST → 202 is addJob's own round trip.
        var hops = Report.PathRows(ours.Runs[0]).Select(hop => hop.Name).ToArray();
        for (var h = 0; h < hops.Length - 1; h++)
        {
            var hop = h;
            var isSubmission = hops[h].StartsWith("POST", StringComparison.Ordinal);
            table.Row(
                $"unloaded, {hops[h]}{(isSubmission ? " ↔ addJob → returned" : "")}: p50 ms",
                r => Report.PathRows(r).ElementAt(hop).Timing.P50,
                isSubmission ? g => g.Latency[0].SubmitToAccepted.P50 : null,
                "0.00");
        }

        table.Row("host KiB per idle worker connection", r => r.Idle.KiBPerConnection, null, "0.0");
        TransportFloor.Print(output, floors);
        output.WriteLine();
        PrintGoal(output, earlier, ours, graphile, floors);
    }

    /// <summary>Issue 9's goal: ours at most half of graphile-worker's p50, at least its jobs/s, and never worse than the earlier build.</summary>
    private static void PrintGoal(
        TextWriter output, Side earlier, Side ours, IReadOnlyList<GraphileRun> graphile, IReadOnlyList<IReadOnlyList<FloorResult>> floors)
    {
        var last = ours.Runs[0].Latency.Count - 1;
        var unloaded = Median(ours.Runs, r => r.Latency[0].SubmitToReceived.P50);
        var peerUnloaded = Median(graphile, g => g.Latency[0].SubmitToReceived.P50);
        var durableFloor = Median(floors, round => round.Single(f => f.Durable).SubmitToReceived.P50);
        output.WriteLine(string.Create(C, $"- Goal, p50 at most half of graphile-worker's (unloaded): {unloaded:0.00} ms against ") +
                         string.Create(C, $"{peerUnloaded / 2:0.00} ms: {Verdict(unloaded <= peerUnloaded / 2)}. The transport floor with one fsync ") +
                         string.Create(C, $"takes {durableFloor:0.00} ms, leaving {(peerUnloaded / 2) - durableFloor:0.00} ms for everything Spaces does on top."));
        var rate = Median(ours.Runs, r => r.Latency[last].CompletedPerSecond);
        var peerRate = Median(graphile, g => g.Latency[last].CompletedPerSecond);
        output.WriteLine(string.Create(C, $"- Goal, at least graphile-worker's jobs/s ({ours.Runs[0].Latency[last].Name}): {rate:0}/s ") +
                         string.Create(C, $"against {peerRate:0}/s: {Verdict(rate >= peerRate)}."));

        // Lower is better for latency and memory, higher for rates.
        var checks = Enumerable.Range(0, last + 1).SelectMany(i => new Check[]
            {
                new($"{ours.Runs[0].Latency[i].Name} p50", r => r.Latency[i].SubmitToReceived.P50, HigherIsBetter: false),
                new($"{ours.Runs[0].Latency[i].Name} p99", r => r.Latency[i].SubmitToReceived.P99, HigherIsBetter: false),
                new($"{ours.Runs[0].Latency[i].Name} completed/s", r => r.Latency[i].CompletedPerSecond, HigherIsBetter: true),
            })
            .Append(new Check("KiB per idle connection", r => r.Idle.KiBPerConnection, HigherIsBetter: false));
        var worse = checks
            .Where(check => check.HigherIsBetter
                ? Median(ours.Runs, check.Measure) < Median(earlier.Runs, check.Measure)
                : Median(ours.Runs, check.Measure) > Median(earlier.Runs, check.Measure))
            .Select(check => check.Name)
            .ToArray();
        output.WriteLine(worse.Length == 0
            ? $"- Goal, never worse than {earlier.Label}: met."
            : $"- Goal, never worse than {earlier.Label}: not met for {string.Join("; ", worse)}.");
    }

    private sealed record Check(string Name, Func<SpacesRun, double> Measure, bool HigherIsBetter);

    private static double Median<T>(IEnumerable<T> runs, Func<T, double> measure) => Percentiles.Median(runs.Select(measure));

    private static string Verdict(bool met) => met ? "met" : "not met";

    /// <summary>Writes rows of medians: the earlier build, ours, graphile-worker where it has the measure, and the ratios.</summary>
    private sealed class Table(TextWriter output, Side earlier, Side ours, IReadOnlyList<GraphileRun> graphile)
    {
        public void Row(string measure, Func<SpacesRun, double> spaces, Func<GraphileRun, double>? peer, string format)
        {
            var (b, o) = (Median(earlier.Runs, spaces), Median(ours.Runs, spaces));
            double? g = peer is null ? null : Median(graphile, peer);
            var toEarlier = b > 0 ? (o / b).ToString("0.00", C) : "–";
            var toPeer = g is > 0 ? (o / g.Value).ToString("0.00", C) : "–";
            output.WriteLine($"| {measure} | {b.ToString(format, C)} | {o.ToString(format, C)} | {g?.ToString(format, C) ?? "–"} | {toEarlier} | {toPeer} |");
        }
    }
}
