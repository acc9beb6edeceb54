using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Spaces.Worker.Sdk;

namespace Spaces.Bench.Cluster;

/// <summary>The rates, how long each runs and how long deliveries may trail the last publish; the same for socket.io.</summary>
public sealed record FanoutSettings(int Subscribers, IReadOnlyList<int> Rates, int StepSeconds, int WarmUpSeconds, int DrainSeconds);

/// <summary>
/// One channel's events to many subscribers spread over the cluster's hosts: a request's progress events. A worker on the
/// first host takes the request (submitted on the second) and, held in its handler, reports progress at each rate in turn,
/// each report stamped with its send time in the message. Before the rates, the hosts' growth while the last nine tenths
/// of the subscribers connect (idle) gives memory per idle connection: in RSS, and in live heap after forced full collections.
/// </summary>
public static class FanoutScenario
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<FanoutRun> RunAsync(LocalCluster cluster, FanoutSettings settings, ILogger workerLogger, CancellationToken cancellationToken)
    {
        const string Name = "fan-out";
        var space = (await WorkerFleet.ProvisionAsync(cluster.Apis[0], "bench-fanout", 1, cancellationToken))[0];
        var held = new TaskCompletionSource<WorkerJob>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fleet = await WorkerFleet.StartAsync(
            [cluster.Hosts[0].BaseAddress],
            [space],
            async (job, _) =>
            {
                held.TrySetResult(job);
                await release.Task;
                return new { ok = true };
            },
            workerLogger,
            Name,
            cancellationToken);
        var requestId = await cluster.Apis[1 % cluster.Apis.Count].SubmitAsync(space.Id, "fan-out", cancellationToken);
        var job = await Phase.WaitAsync(held.Task, TimeSpan.FromSeconds(30), $"{Name}: the worker receiving {requestId}", cancellationToken);
        FanoutRun run;
        try
        {
            run = await MeasureAsync(
                "Spaces, 3 hosts",
                cluster.Hosts,
                cluster.Apis,
                $"requests/{requestId}",
                (i, stamp, ct) => job.ReportProgressAsync(i % 100, stamp, ct),
                settings,
                cancellationToken);
        }
        finally
        {
            release.TrySetResult();
        }

        // The request completes before its worker stops, so the worker never drops its Complete.
        await Phase.UntilAsync(
            async ct => await cluster.Apis[0].GetStatusAsync(requestId, ct) == "completed",
            TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), $"{Name}: {requestId} completed", cancellationToken);
        return run;
    }

    /// <summary>
    /// Connects the subscribers of <paramref name="channel"/> (subscriber i on <c>apis[i mod n]</c>), reads the servers'
    /// growth while the last nine tenths connect, then publishes at each rate in turn through <paramref name="publish"/>
    /// (event i, its stamp) until one is not kept up. <paramref name="servers"/>' CPU is what a delivery costs.
    /// </summary>
    public static async Task<FanoutRun> MeasureAsync(
        string name,
        IReadOnlyList<HostProcess> servers,
        IReadOnlyList<AdminApi> apis,
        string channel,
        Func<int, string, CancellationToken, Task> publish,
        FanoutSettings settings,
        CancellationToken cancellationToken)
    {
        // The first tenth connects before the first reading, so code and caches a host sets up once (JIT, the relay's
        // registration with the channel) are not counted as memory of a connection.
        await using var subscribers = new FanoutSubscribers(apis, channel);
        var (unmeasured, timeout) = (Math.Max(settings.Subscribers / 10, servers.Count), TimeSpan.FromSeconds(60 + (settings.Subscribers / 10)));
        await Phase.WaitAsync(subscribers.AddAsync(unmeasured, cancellationToken), timeout, $"{name}: {unmeasured} subscribers connecting", cancellationToken);
        await Task.Delay(Settle, cancellationToken);
        var before = servers.Sum(h => h.ReadRssKiB());
        var threadsBefore = servers.Sum(h => h.ReadThreads());
        var heapBefore = await ReadLiveHeapKiBAsync(servers, cancellationToken);
        var measured = settings.Subscribers - unmeasured;
        Console.Error.WriteLine($"[{name}] RSS {before} KiB, live heap {heapBefore} KiB with {unmeasured} subscribers of {channel}; connecting {measured} more");
        await Phase.WaitAsync(subscribers.AddAsync(measured, cancellationToken), timeout, $"{name}: {measured} subscribers connecting", cancellationToken);
        await Task.Delay(Settle, cancellationToken);
        var after = servers.Sum(h => h.ReadRssKiB());
        var threadsAfter = servers.Sum(h => h.ReadThreads());
        var heapAfter = await ReadLiveHeapKiBAsync(servers, cancellationToken);
        Console.Error.WriteLine($"[{name}] live heap {heapBefore} -> {heapAfter} KiB after forced full collections; threads {threadsBefore} -> {threadsAfter}");
        Console.Error.WriteLine($"[{name}] RSS {after} KiB with {settings.Subscribers} idle subscribers");

        Console.Error.WriteLine($"[{name}] warming up at {settings.Rates[0]} events/s for {settings.WarmUpSeconds} s");
        await StepAsync(publish, servers, subscribers, settings, settings.Rates[0], settings.WarmUpSeconds, cancellationToken);
        var steps = new List<FanoutStep>();
        foreach (var rate in settings.Rates)
        {
            Console.Error.WriteLine($"[{name}] {rate} events/s for {settings.StepSeconds} s to {settings.Subscribers} subscribers");
            var step = await StepAsync(publish, servers, subscribers, settings, rate, settings.StepSeconds, cancellationToken);
            steps.Add(step);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{name}] {rate}/s: p99 {step.Latency?.P99:0.0} ms, {step.Received} of {step.Expected} delivered, published in {step.PublishSeconds:0.0} s, last delivery at {step.SpanSeconds:0.0} s"));
            if (!step.Sustained)
            {
                break;
            }
        }

        return new FanoutRun(name, settings.Subscribers, measured, before, after, steps, new LiveHeap(heapBefore, heapAfter));
    }

    /// <summary>One host at a time, so one forced collection does not slow another host's.</summary>
    private static async Task<long> ReadLiveHeapKiBAsync(IReadOnlyList<HostProcess> hosts, CancellationToken cancellationToken)
    {
        var sum = 0L;
        foreach (var host in hosts)
        {
            sum += await host.ReadLiveHeapKiBAsync(cancellationToken);
        }
        return sum;
    }

    /// <summary>
    /// Publishes at <paramref name="rate"/> for <paramref name="seconds"/>, open loop: each report leaves at its time whether
    /// or not the earlier ones were answered, so a server that falls behind shows as latency rather than as a slower
    /// publisher. Then waits up to the drain time for every delivery.
    /// </summary>
    private static async Task<FanoutStep> StepAsync(
        Func<int, string, CancellationToken, Task> publish, IReadOnlyList<HostProcess> hosts, FanoutSubscribers subscribers, FanoutSettings settings, int rate, int seconds,
        CancellationToken cancellationToken)
    {
        var histogram = subscribers.NextStep();
        var count = rate * seconds;
        var reports = new List<Task>(count);
        var cpuBefore = hosts.Aggregate(TimeSpan.Zero, (sum, h) => sum + h.ReadCpuTime());
        // The subscribers run in this process (beside the one worker that publishes).
        var subscriberCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var begin = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(begin);
            if (due > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(due, cancellationToken);
            }

            var stamp = Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);
            reports.Add(publish(i, stamp, cancellationToken));
        }

        var published = Stopwatch.GetElapsedTime(begin);
        var expected = (long)count * settings.Subscribers;
        var drained = Stopwatch.GetTimestamp();
        while (histogram.Total < expected && Stopwatch.GetElapsedTime(drained) < TimeSpan.FromSeconds(settings.DrainSeconds))
        {
            await Task.Delay(100, cancellationToken);
        }

        var cpu = hosts.Aggregate(TimeSpan.Zero, (sum, h) => sum + h.ReadCpuTime()) - cpuBefore;
        var subscriberCpu = Process.GetCurrentProcess().TotalProcessorTime - subscriberCpuBefore;
        await Phase.WaitAsync(Task.WhenAll(reports), TimeSpan.FromSeconds(60), $"the hub answering {count} publishes", cancellationToken);
        var span = Stopwatch.GetElapsedTime(begin, Math.Max(subscribers.LastReceivedAt, begin));
        return new FanoutStep(rate, count, published.TotalSeconds, expected, histogram.Total, span.TotalSeconds, histogram.Read(), cpu.TotalSeconds, subscriberCpu.TotalSeconds);
    }
}
