using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spaces.Bench.Compare;

namespace Spaces.Bench.Cluster;

/// <summary>
/// `spaces-bench cluster`: issue 10's benchmark in one run. Starts a private Azurite and three hosts as one cluster, measures
/// submit → worker received with workers and submitters spread over the hosts (1 space, then many), memory per idle
/// worker connection on one host, and one channel fanned out to subscribers on all three hosts; stops the cluster; then
/// the same fan-out from SignalR alone in one process (<see cref="SignalRFloorPeer"/>) and from socket.io; prints the
/// tables and one with the ratios.
/// </summary>
public static class ClusterCommand
{
    private const int HostCount = 3;

    public static Command Create(Func<string> defaultApiDll)
    {
        var spaces = new SpacesOptions(defaultApiDll);
        var subscribers = SpacesOptions.PositiveOption("--subscribers", "Subscribers of the fanned-out channel (socket.io clients likewise)", 1000);
        var rates = new Option<int[]>("--rates")
        {
            Description = "Publishing rates (events/s), in turn, until one is not kept up",
            DefaultValueFactory = _ => [10, 20, 40, 80, 160, 320],
            AllowMultipleArgumentsPerToken = true,
        };
        var stepSeconds = SpacesOptions.PositiveOption("--step-seconds", "Seconds of publishing per rate", 5);
        var warmUpSeconds = SpacesOptions.PositiveOption("--fanout-warmup-seconds", "Unmeasured seconds of publishing at the first rate", 3);
        var drainSeconds = SpacesOptions.PositiveOption("--drain-seconds", "How long deliveries may trail the last publish of a rate", 10);
        var clientProcesses = SpacesOptions.PositiveOption("--socketio-client-processes", "Node processes the socket.io clients run in", 4);
        var socketIoDirectory = new Option<string?>("--socketio-dir") { Description = "Folder with bench.mjs and its node_modules (default: Bench/peers/socketio)" };
        var command = new Command("cluster", "Three hosts as one cluster: latency, memory and fan-out to many subscribers, side by side with socket.io")
        {
            subscribers, rates, stepSeconds, warmUpSeconds, drainSeconds, clientProcesses, socketIoDirectory,
        };
        spaces.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = spaces.Read(parse);
            var fanout = new FanoutSettings(
                parse.GetValue(subscribers), parse.GetRequiredValue(rates), parse.GetValue(stepSeconds), parse.GetValue(warmUpSeconds), parse.GetValue(drainSeconds));
            if (fanout.Rates.Count == 0 || fanout.Rates.Any(r => r < 1))
            {
                Console.Error.WriteLine("spaces-bench cluster: --rates takes one or more rates of at least 1 event/s.");
                return 2;
            }

            try
            {
                var run = await RunAsync(settings, fanout, parse.GetValue(clientProcesses), parse.GetValue(socketIoDirectory) ?? SocketIoPeer.DefaultDirectory(), cancellationToken);
                ClusterReport.Print(Console.Out, settings, fanout, run);
                return 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"spaces-bench cluster failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<ClusterRun> RunAsync(
        BenchSettings settings, FanoutSettings fanout, int clientProcesses, string socketIoDirectory, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(LogLevel.Warning));
        var workerLogger = loggerFactory.CreateLogger("Spaces.Bench.Workers");
        var loads = new List<string> { $"start: {LoadAverage.Read()}" };

        Console.Error.WriteLine($"Starting Azurite and {HostCount} hosts of {settings.ApiDll} as one cluster");
        FanoutRun ours;
        IdleResult idle;
        var latency = new List<LatencyResult>();
        (int Count, IReadOnlyList<string> First) problems;
        int logLines;
        await using (var cluster = await LocalCluster.StartAsync(settings.ApiDll, HostCount, cancellationToken))
        {
            // Memory first, on fresh hosts, as the one-host run does.
            loads.Add($"Spaces fan-out: {LoadAverage.Read()}");
            ours = await FanoutScenario.RunAsync(cluster, fanout, workerLogger, cancellationToken);
            idle = await IdleConnectionsScenario.RunAsync(cluster.Hosts[0], cluster.Apis[0], settings.IdleWorkers, workerLogger, cancellationToken);
            loads.Add($"Spaces latency: {LoadAverage.Read()}");
            latency.Add(await LatencyScenario.RunAsync(
                "1 space, 8 submitters on 3 hosts", cluster.Hosts, cluster.Apis, 1, 8, false, settings, workerLogger, cancellationToken));
            latency.Add(await LatencyScenario.RunAsync(
                $"{settings.SpacesMany} spaces, 8 submitters on 3 hosts", cluster.Hosts, cluster.Apis, settings.SpacesMany, 8, false, settings, workerLogger, cancellationToken));
            (problems, logLines) = (cluster.Problems, cluster.LogLines);
        }

        loads.Add($"SignalR floor fan-out: {LoadAverage.Read()}");
        var signalR = await SignalRFloorPeer.RunAsync(fanout, cancellationToken);
        loads.Add($"socket.io fan-out: {LoadAverage.Read()}");
        var (_, socketIo) = await SocketIoPeer.RunAsync(fanout, clientProcesses, socketIoDirectory, cancellationToken);
        loads.Add($"end: {LoadAverage.Read()}");
        return new ClusterRun(HostCount, latency, idle, ours, signalR, socketIo, loads, logLines, problems.Count, problems.First);
    }
}
