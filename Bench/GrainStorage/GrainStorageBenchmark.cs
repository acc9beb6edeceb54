using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Spaces.Silo.Storage.Embedded;

namespace Spaces.Bench.GrainStorage;

/// <summary>
/// `spaces-bench grain-storage`: writes/s of the SQLite grain storage provider (WAL, synchronous=FULL, so every commit is
/// an fsync) from 1 and from many concurrent grains, each writing its own state in a loop with its ETag, with group
/// commit on and off. A fresh file per scenario, in the folder given (the disk under test).
/// </summary>
public static class GrainStorageBenchmark
{
    public static Command CreateCommand()
    {
        var seconds = new Option<int>("--seconds") { Description = "Measured seconds per scenario", DefaultValueFactory = _ => 5 };
        var grains = new Option<int>("--grains") { Description = "Concurrent grains in the many-grains scenarios", DefaultValueFactory = _ => 64 };
        var stateBytes = new Option<int>("--state-bytes") { Description = "Bytes of each grain's state", DefaultValueFactory = _ => 1024 };
        var folder = new Option<string?>("--dir") { Description = "Folder for the database files (default: a temp folder)" };
        var command = new Command("grain-storage", "SQLite grain storage writes/s from 1 and from many grains, with and without group commit")
        {
            seconds, grains, stateBytes, folder,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(seconds) < 1 || parse.GetValue(grains) < 1 || parse.GetValue(stateBytes) < 0)
            {
                Console.Error.WriteLine("spaces-bench grain-storage: --seconds and --grains must be positive, --state-bytes not negative");
                return 2;
            }
            var root = parse.GetValue(folder) ?? Directory.CreateTempSubdirectory("spaces-bench-").FullName;
            try
            {
                await RunAsync(root, TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(grains), parse.GetValue(stateBytes), cancellationToken);
                return 0;
            }
            finally
            {
                if (parse.GetValue(folder) is null)
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        });
        return command;
    }

    private static async Task RunAsync(string folder, TimeSpan duration, int grains, int stateBytes, CancellationToken cancellationToken)
    {
        await using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        Console.WriteLine($"SQLite grain storage, {stateBytes} B states, {duration.TotalSeconds:0} s per scenario, files in {folder}");
        Console.WriteLine($"| {"grains",6} | {"group commit",12} | {"writes/s",10} | {"p50 ms",7} | {"p99 ms",7} |");
        Console.WriteLine($"|{new string('-', 8)}|{new string('-', 14)}|{new string('-', 12)}|{new string('-', 9)}|{new string('-', 9)}|");
        foreach (var (concurrency, batch) in new[] { (1, 256), (1, 1), (grains, 256), (grains, 1) })
        {
            var options = new SqliteGrainStorageOptions { FilePath = Path.Combine(folder, $"bench-{concurrency}-{batch}.db"), MaxBatchSize = batch };
            await using var storage = new SqliteGrainStateStorage(
                "bench", options, new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
                services.GetRequiredService<IActivatorProvider>(), NullLogger<SqliteGrainStateStorage>.Instance);
            await storage.StartAsync(cancellationToken);
            var (writes, latencies) = await MeasureAsync(storage, concurrency, stateBytes, duration, cancellationToken);
            var percentiles = Percentiles.Of(latencies);
            Console.WriteLine(
                $"| {concurrency,6} | {(batch > 1 ? "on" : "off"),12} | {writes / duration.TotalSeconds,10:N0} | {percentiles.P50,7:0.00} | {percentiles.P99,7:0.00} |");
        }
    }

    private static async Task<(long Writes, List<double> Latencies)> MeasureAsync(
        SqliteGrainStateStorage storage, int concurrency, int stateBytes, TimeSpan duration, CancellationToken cancellationToken)
    {
        var payload = new byte[stateBytes];
        Random.Shared.NextBytes(payload);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var perGrain = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async i =>
        {
            var grain = GrainId.Create("bench", $"g{i}");
            var state = new GrainState<byte[]>(payload);
            var latencies = new List<double>();
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await storage.WriteStateAsync("state", grain, state);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return latencies;
        }));
        var all = perGrain.SelectMany(l => l).ToList();
        return (all.Count, all);
    }
}
