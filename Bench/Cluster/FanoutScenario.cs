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
/// each report awaiting the hub's answer and stamped with its send time in the message. Before the rates, the hosts'
/// RSS with and without the subscribers connected (idle) gives memory per idle connection.
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
        try
        {
            var channel = $"requests/{requestId}";
            await Task.Delay(Settle, cancellationToken);
            var before = cluster.Hosts.Sum(h => h.ReadRssKiB());
            Console.Error.WriteLine($"[{Name}] hosts' RSS {before} KiB; connecting {settings.Subscribers} subscribers to {channel}");
            await using var subscribers = await Phase.WaitAsync(
                FanoutSubscribers.StartAsync(cluster.Apis, channel, settings.Subscribers, cancellationToken),
                TimeSpan.FromSeconds(60 + (settings.Subscribers / 10)), $"{Name}: {settings.Subscribers} subscribers connecting", cancellationToken);
            await Task.Delay(Settle, cancellationToken);
            var after = cluster.Hosts.Sum(h => h.ReadRssKiB());
            Console.Error.WriteLine($"[{Name}] hosts' RSS {after} KiB with {settings.Subscribers} idle subscribers");

            Console.Error.WriteLine($"[{Name}] warming up at {settings.Rates[0]} events/s for {settings.WarmUpSeconds} s");
            await StepAsync(job, subscribers, settings, settings.Rates[0], settings.WarmUpSeconds, cancellationToken);
            var steps = new List<FanoutStep>();
            foreach (var rate in settings.Rates)
            {
                Console.Error.WriteLine($"[{Name}] {rate} events/s for {settings.StepSeconds} s to {settings.Subscribers} subscribers");
                var step = await StepAsync(job, subscribers, settings, rate, settings.StepSeconds, cancellationToken);
                steps.Add(step);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{Name}] {rate}/s: p99 {step.Latency?.P99:0.0} ms, {step.Received} of {step.Expected} delivered"));
                if (!step.Sustained)
                {
                    break;
                }
            }

            return new FanoutRun("Spaces, 3 hosts", settings.Subscribers, before, after, steps);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    /// <summary>Publishes at <paramref name="rate"/> for <paramref name="seconds"/>, then waits up to the drain time for every delivery.</summary>
    private static async Task<FanoutStep> StepAsync(
        WorkerJob job, FanoutSubscribers subscribers, FanoutSettings settings, int rate, int seconds, CancellationToken cancellationToken)
    {
        var histogram = subscribers.NextStep();
        var count = rate * seconds;
        var begin = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(begin);
            if (due > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(due, cancellationToken);
            }

            var stamp = Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);
            await job.ReportProgressAsync(i % 100, stamp, cancellationToken);
        }

        var published = Stopwatch.GetElapsedTime(begin);
        var expected = (long)count * settings.Subscribers;
        var drained = Stopwatch.GetTimestamp();
        while (histogram.Total < expected && Stopwatch.GetElapsedTime(drained) < TimeSpan.FromSeconds(settings.DrainSeconds))
        {
            await Task.Delay(100, cancellationToken);
        }

        var span = Stopwatch.GetElapsedTime(begin, Math.Max(subscribers.LastReceivedAt, begin));
        return new FanoutStep(rate, count, published.TotalSeconds, expected, histogram.Total, span.TotalSeconds, histogram.Read());
    }
}
