using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Spaces.Bench.Floor;

/// <summary>What the floor measured: one request at a time, as ours' "1 space, unloaded"; <see cref="Durable"/> with its fsync.</summary>
public sealed record FloorResult(string Name, bool Durable, Percentiles SubmitToReceived, Percentiles SubmitToAccepted, double ServerCpuMsPerRequest);

/// <summary>
/// The transport floor of issue 9's unloaded latency: <see cref="FloorServer"/> in its own process, a SignalR client as
/// the worker (WebSockets without negotiation, as the worker SDK connects) that sends a completion for each request, and
/// one submitter posting one request at a time and waiting for the worker to have it, as ours' unloaded scenario does.
/// Run twice: nothing stored, and one fsync per request and per completion. Whatever Spaces does on top (sign-in,
/// grains, durable queue state) can only add to these figures.
/// </summary>
public static class TransportFloor
{
    public static Command CreateCommand()
    {
        var requests = SpacesOptions.PositiveOption("--requests", "Measured requests per run", 2000);
        var warmUp = SpacesOptions.PositiveOption("--warmup", "Unmeasured requests first", 500);
        var command = new Command("floor", "The transport floor: HTTP in, SignalR out, with and without one fsync, one request at a time")
        {
            requests, warmUp,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var results = await RunBothAsync(parse.GetValue(requests), parse.GetValue(warmUp), cancellationToken);
            Print(Console.Out, [results]);
            return 0;
        });
        return command;
    }

    /// <summary>The floor without storage, then with one fsync per request.</summary>
    public static async Task<IReadOnlyList<FloorResult>> RunBothAsync(int requests, int warmUp, CancellationToken cancellationToken) =>
    [
        await RunAsync(durable: false, requests, warmUp, cancellationToken),
        await RunAsync(durable: true, requests, warmUp, cancellationToken),
    ];

    /// <summary>One row per kind of floor: the median over <paramref name="rounds"/> (one round: its own figures).</summary>
    public static void Print(TextWriter output, IReadOnlyList<IReadOnlyList<FloorResult>> rounds)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine($"| Transport floor, one request at a time{(rounds.Count > 1 ? $" (medians of {rounds.Count} rounds)" : "")} | " +
                         "POST → worker received p50 / p99 ms | POST → 202 p50 ms | server CPU ms per request |");
        output.WriteLine("|---|---:|---:|---:|");
        for (var i = 0; i < rounds[0].Count; i++)
        {
            var kind = i; // captured by the selectors below
            double Median(Func<FloorResult, double> measure) => Percentiles.Median(rounds.Select(round => measure(round[kind])));
            output.WriteLine(string.Create(c, $"| {rounds[0][kind].Name} | {Median(r => r.SubmitToReceived.P50):0.00} / {Median(r => r.SubmitToReceived.P99):0.00} | ") +
                             string.Create(c, $"{Median(r => r.SubmitToAccepted.P50):0.00} | {Median(r => r.ServerCpuMsPerRequest):0.00} |"));
        }
    }

    public static async Task<FloorResult> RunAsync(bool durable, int requests, int warmUp, CancellationToken cancellationToken)
    {
        var name = durable ? "HTTP in, one fsync, SignalR out" : "HTTP in, SignalR out, nothing stored";
        Console.Error.WriteLine($"[floor: {name}] starting the server");
        await using var server = await FloorServer.StartAsync(durable, cancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        // Each request's receipt completes with the time the worker had it.
        var receipts = new ConcurrentDictionary<string, TaskCompletionSource<long>>(StringComparer.Ordinal);
        await using var worker = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, FloorServer.HubPath), HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
            .Build();
        worker.On<string>(FloorServer.RequestMethod, prompt =>
        {
            var at = Stopwatch.GetTimestamp();
            if (receipts.TryGetValue(prompt, out var receipt))
            {
                receipt.TrySetResult(at);
            }

            _ = worker.SendAsync(FloorServer.CompleteMethod, prompt);
        });
        await worker.StartAsync(cancellationToken);
        await worker.InvokeAsync(FloorServer.RegisterMethod, cancellationToken);

        Console.Error.WriteLine($"[floor: {name}] warming up with {warmUp} requests, then {requests} measured");
        await RoundAsync("warmup", warmUp);
        var cpuBefore = server.ReadCpuTime();
        var (received, accepted) = await RoundAsync("run", requests);
        var cpu = server.ReadCpuTime() - cpuBefore;
        return new FloorResult(name, durable, Percentiles.Of(received), Percentiles.Of(accepted), cpu.TotalMilliseconds / requests);

        async Task<(double[] Received, double[] Accepted)> RoundAsync(string round, int count)
        {
            var (receivedMs, acceptedMs) = (new double[count], new double[count]);
            for (var i = 0; i < count; i++)
            {
                var prompt = $"{round}-{i}";
                var receipt = receipts[prompt] = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                var submittedAt = Stopwatch.GetTimestamp();
                using (var response = await http.PostAsJsonAsync("submit", new FloorServer.Submission(prompt), cancellationToken))
                {
                    acceptedMs[i] = Stopwatch.GetElapsedTime(submittedAt).TotalMilliseconds;
                    response.EnsureSuccessStatusCode();
                }

                var receivedAt = await Phase.WaitAsync(receipt.Task, TimeSpan.FromSeconds(30), $"floor: the worker receiving {prompt}", cancellationToken);
                receivedMs[i] = Stopwatch.GetElapsedTime(submittedAt, receivedAt).TotalMilliseconds;
                receipts.TryRemove(prompt, out _);
            }

            return (receivedMs, acceptedMs);
        }
    }
}
