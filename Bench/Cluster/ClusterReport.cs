using System.Globalization;
using System.Runtime.InteropServices;

namespace Spaces.Bench.Cluster;

/// <summary>The cluster run as Markdown: latency, the fan-out rate by rate for both, one table with ratios and issue 10's goals.</summary>
public static class ClusterReport
{
    private const double P99GoalMs = 50;
    private const double IdleGoalKiB = 40;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Print(TextWriter output, BenchSettings settings, FanoutSettings fanout, ClusterRun run)
    {
        var (ours, peer) = (run.Spaces, run.SocketIo);
        output.WriteLine();
        output.WriteLine($"## Cluster benchmark ({run.Hosts} hosts) and socket.io");
        output.WriteLine();
        var os = $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}";
        output.WriteLine($"- Machine: {Environment.ProcessorCount} logical processors, shared; {os}; {string.Join("; ", run.Loads)}.");
        output.WriteLine($"- Command: `{Environment.CommandLine}`");
        output.WriteLine($"- Cluster: {run.Hosts} processes of `{settings.ApiDll}`, `Spaces:Storage=AzureStorage` on a private Azurite, loopback ports. " +
                         "Latency scenarios: worker i on host i mod 3, submitter j posting to host j mod 3, as the one-host run otherwise " +
                         string.Create(C, $"(--requests {settings.Requests} --warmup {settings.WarmUp}; host CPU summed over the hosts)."));
        output.WriteLine(string.Create(C, $"- Fan-out: one channel (a request's progress events, `requests/{{id}}`) to {fanout.Subscribers} subscribers, ") +
                         "subscriber i on host i mod 3 (.NET SignalR client, WebSockets, SkipNegotiation, the admin's cookie); the worker on host 1 reports " +
                         "progress at each rate, open loop (each call leaves at its time, answered or not), stamped with its send time. socket.io: one " +
                         "server process, a publisher emitting likewise (acknowledged, not awaited), clients (WebSocket transport) in several Node processes. Both: " +
                         string.Create(C, $"{fanout.StepSeconds} s per rate after {fanout.WarmUpSeconds} s of warm-up, deliveries may trail by {fanout.DrainSeconds} s; ") +
                         "a rate is kept up when every event reached every subscriber at 95 % of the rate or more; the next rate runs only then.");
        output.WriteLine("- Memory per idle connection: the servers' growth (hosts summed) while the last nine tenths of the subscribers connected and " +
                         "subscribed, divided by their number; the first tenth connects before, so one-time set-up (JIT, caches) does not count. Two " +
                         "readings: the live managed heap after a forced full, blocking collection on each host (over EventPipe, as dotnet-gcdump forces " +
                         "it), which is what the connections hold and what the goal is judged on; and RSS, which also counts garbage of the connect " +
                         "burst that no collection had reclaimed yet, space the GC keeps committed and stacks of threads the pool added. socket.io: RSS only.");
        output.WriteLine();
        Report.PrintLatencyTable(output, "Spaces / workers", run.Latency);
        output.WriteLine();
        PrintSteps(output, ours, run.SignalR, peer);
        output.WriteLine();
        PrintSideBySide(output, run);
        output.WriteLine();
        PrintGoals(output, ours, run.SignalR, peer);
        output.WriteLine(string.Create(C, $"- Duplicate deliveries to workers: {run.Latency.Sum(r => r.Redeliveries)}; worker reconnects: ") +
                         string.Create(C, $"{run.Latency.Sum(r => r.Reconnects) + run.IdleWorkers.Reconnects}."));
        var listed = run.HostProblems > 0 ? "; first ones:" : ".";
        output.WriteLine(string.Create(C, $"- Host log lines: {run.HostLogLines}; entries at warn/fail/crit: {run.HostProblems}{listed}"));
        foreach (var line in run.FirstProblems)
        {
            output.WriteLine($"  - `{line}`");
        }
    }

    private static void PrintSteps(TextWriter output, params FanoutRun[] runs)
    {
        output.WriteLine("| Rate (events/s) | Server | delivered events/s | p50 ms | p99 ms | max ms | server CPU ms per 1k deliveries | " +
                         "subscribers' CPU ms per 1k deliveries | delivered |");
        output.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var rate in runs.SelectMany(r => r.Steps).Select(s => s.Rate).Distinct().Order())
        {
            foreach (var run in runs)
            {
                if (run.Steps.FirstOrDefault(s => s.Rate == rate) is { } step)
                {
                    output.WriteLine(string.Create(C, $"| {rate} | {run.Name} | {step.DeliveredPerSecond:0.0} | {Ms(step.Latency?.P50)} | {Ms(step.Latency?.P99)} | ") +
                                     string.Create(C, $"{Ms(step.Latency?.Max)} | {step.CpuMsPerThousand:0.0} | {step.SubscriberCpuMsPerThousand:0.0} | ") +
                                     string.Create(C, $"{step.Received}/{step.Expected}{(step.Sustained ? "" : " (not kept up)")} |"));
                }
            }
        }
    }

    private static void PrintSideBySide(TextWriter output, ClusterRun run)
    {
        var (ours, floor, peer) = (run.Spaces, run.SignalR, run.SocketIo);
        output.WriteLine($"| Measure | {ours.Name} | {floor.Name} | {peer.Name} | Spaces/socket.io |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        Row(output, "fan-out: highest rate kept up (events/s)", ours.BestSustained?.Rate, floor.BestSustained?.Rate, peer.BestSustained?.Rate, "0");
        Row(output, "fan-out: deliveries/s at that rate", ours.BestSustained?.DeliveriesPerSecond, floor.BestSustained?.DeliveriesPerSecond,
            peer.BestSustained?.DeliveriesPerSecond, "0");
        Row(output, "fan-out: p99 ms at that rate", ours.BestSustained?.Latency?.P99, floor.BestSustained?.Latency?.P99, peer.BestSustained?.Latency?.P99, "0.0");
        var first = ours.Steps[0].Rate;
        Row(output, $"fan-out: p50 ms at {first} events/s", ours.Steps[0].Latency?.P50, At(floor)?.Latency?.P50, At(peer)?.Latency?.P50, "0.0");
        Row(output, $"fan-out: p99 ms at {first} events/s", ours.Steps[0].Latency?.P99, At(floor)?.Latency?.P99, At(peer)?.Latency?.P99, "0.0");
        Row(output, $"fan-out: server CPU ms per 1,000 deliveries at {first} events/s", ours.Steps[0].CpuMsPerThousand, At(floor)?.CpuMsPerThousand,
            At(peer)?.CpuMsPerThousand, "0.0");
        Row(output, $"fan-out: subscribers' CPU ms per 1,000 deliveries at {first} events/s", ours.Steps[0].SubscriberCpuMsPerThousand,
            At(floor)?.SubscriberCpuMsPerThousand, At(peer)?.SubscriberCpuMsPerThousand, "0.0");
        Row(output, "KiB per idle subscriber connection (live heap after a full GC)", ours.HeapKiBPerConnection, floor.HeapKiBPerConnection,
            peer.HeapKiBPerConnection, "0.0");
        Row(output, "KiB per idle subscriber connection (server RSS)", ours.KiBPerConnection, floor.KiBPerConnection, peer.KiBPerConnection, "0.0");
        Row(output, $"KiB per idle worker connection (host 1, {run.IdleWorkers.Workers} workers; live heap after a full GC)",
            run.IdleWorkers.HeapKiBPerConnection, null, null, "0.0");
        Row(output, $"KiB per idle worker connection (host 1, {run.IdleWorkers.Workers} workers; RSS)", run.IdleWorkers.KiBPerConnection, null, null, "0.0");
        foreach (var r in run.Latency)
        {
            Row(output, $"{r.Name}: submit → worker p50 / p99 ms", null, null, null, "0", $"{r.SubmitToReceived.P50.ToString("0.0", C)} / {r.SubmitToReceived.P99.ToString("0.0", C)}");
            Row(output, $"{r.Name}: completed/s", r.CompletedPerSecond, null, null, "0");
        }

        FanoutStep? At(FanoutRun other) => other.Steps.FirstOrDefault(s => s.Rate == first);
    }

    private static void PrintGoals(TextWriter output, FanoutRun ours, FanoutRun floor, FanoutRun peer)
    {
        var (rate, peerRate) = (ours.BestSustained?.Rate ?? 0, peer.BestSustained?.Rate ?? 0);
        output.WriteLine(string.Create(C, $"- Goal, fan-out at least socket.io's: {rate} against {peerRate} events/s kept up: {Verdict(rate >= peerRate)}."));
        var p99 = ours.BestSustained?.Latency?.P99;
        output.WriteLine(string.Create(C, $"- Goal, p99 ≤ {P99GoalMs:0} ms: {Ms(ours.Steps[0].Latency?.P99)} ms at {ours.Steps[0].Rate} events/s ") +
                         string.Create(C, $"({Verdict(ours.Steps[0].Latency?.P99 <= P99GoalMs)}), {Ms(p99)} ms at {rate} events/s ({Verdict(p99 <= P99GoalMs)}). ") +
                         string.Create(C, $"Rates at which the p99 is within it: ours {Within(ours)}; {floor.Name} {Within(floor)}; {peer.Name} {Within(peer)}."));
        var heap = ours.HeapKiBPerConnection;
        output.WriteLine(string.Create(C, $"- Goal, an idle subscriber connection ≤ {IdleGoalKiB:0} KiB, judged on the live heap: {heap:0.0} KiB: ") +
                         string.Create(C, $"{Verdict(heap <= IdleGoalKiB)} (RSS growth {ours.KiBPerConnection:0.0} KiB, with garbage not yet collected)."));
    }

    /// <summary>The kept-up rates whose p99 is within the goal, or "none".</summary>
    private static string Within(FanoutRun run)
    {
        var rates = run.Steps.Where(s => s.Sustained && s.Latency?.P99 <= P99GoalMs).Select(s => s.Rate.ToString(C)).ToArray();
        return rates.Length == 0 ? "none" : string.Join(", ", rates) + " events/s";
    }

    private static void Row(TextWriter output, string measure, double? ours, double? floor, double? peer, string format, string? oursText = null)
    {
        var ratio = ours is > 0 && peer is > 0 ? (ours.Value / peer.Value).ToString("0.00", C) : "–";
        output.WriteLine($"| {measure} | {oursText ?? ours?.ToString(format, C) ?? "–"} | {floor?.ToString(format, C) ?? "–"} | {peer?.ToString(format, C) ?? "–"} | {ratio} |");
    }

    private static string Ms(double? value) => value?.ToString("0.0", C) ?? "–";

    private static string Verdict(bool met) => met ? "met" : "not met";
}
