using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spaces.Parquet;

namespace Spaces.Bench.Parquet;

/// <summary>
/// `spaces-bench parquet`: writes one Snappy file with hyparquet-writer, then compares rows/s of Spaces.Parquet
/// and hyparquet (Tests/js/parquet-bench.mjs) on it: one warm-up run each, then the median of several runs.
/// </summary>
public static class ParquetBenchmark
{
    private const string Script = "parquet-bench.mjs";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(10);

    public static Command CreateCommand()
    {
        var rows = new Option<int>("--rows") { Description = "Rows in the benchmark file", DefaultValueFactory = _ => 1_000_000 };
        var repetitions = new Option<int>("--repetitions") { Description = "Measured runs per reader (after one warm-up)", DefaultValueFactory = _ => 5 };
        var jsDirectory = new Option<string?>("--js-dir") { Description = "Folder with parquet-bench.mjs and node_modules (default: Tests/js of the repository)" };
        var command = new Command("parquet", "Parquet reader throughput: Spaces.Parquet vs hyparquet on the same 4-column Snappy file")
        {
            rows, repetitions, jsDirectory,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rowCount = parse.GetValue(rows);
            var runs = parse.GetValue(repetitions);
            if (rowCount <= 0 || runs <= 0)
            {
                Console.Error.WriteLine("spaces-bench parquet: --rows and --repetitions must be positive");
                return 2;
            }

            try
            {
                await RunAsync(rowCount, runs, parse.GetValue(jsDirectory) ?? Path.Combine(NodeScripts.FindRepoRoot(), "Tests", "js"), cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"spaces-bench parquet failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task RunAsync(int rows, int repetitions, string jsDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"spaces-bench-{Guid.NewGuid():N}.parquet");
        try
        {
            Console.Error.WriteLine($"Writing {rows:N0} rows with hyparquet-writer to {path}");
            await NodeScripts.RunAsync(jsDirectory, Script, ["write", path, rows.ToString(CultureInfo.InvariantCulture)], NodeTimeout, cancellationToken);
            var size = new FileInfo(path).Length;

            Console.Error.WriteLine("Reading with Spaces.Parquet");
            await ReadOnceAsync(path, cancellationToken); // warm-up: JIT and file cache
            var ours = new List<double>();
            for (var i = 0; i < repetitions; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                var read = await ReadOnceAsync(path, cancellationToken);
                ours.Add(stopwatch.Elapsed.TotalSeconds);
                Check(read, rows, "Spaces.Parquet");
            }

            Console.Error.WriteLine("Reading with hyparquet");
            var json = await NodeScripts.RunAsync(jsDirectory, Script, ["read", path, repetitions.ToString(CultureInfo.InvariantCulture)], NodeTimeout, cancellationToken);
            var theirs = JsonSerializer.Deserialize<NodeTimings>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new InvalidOperationException("parquet-bench.mjs printed nothing");
            Check(theirs.Rows, rows, "hyparquet");

            PrintTable(rows, size, repetitions, Percentiles.Median(ours), Percentiles.Median(theirs.Seconds));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<long> ReadOnceAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = await ParquetFile.OpenFileAsync(path, cancellationToken);
        long count = 0;
        await foreach (var row in file.ReadRowsAsync(cancellationToken: cancellationToken))
        {
            count += row.Length > 0 ? 1 : 0;
        }

        return count;
    }

    private static void PrintTable(int rows, long size, int repetitions, double ours, double theirs)
    {
        Console.WriteLine($"Parquet read: {rows:N0} rows (int64 id, string text, double score, optional int32 bucket), Snappy, {size / 1024.0 / 1024.0:F1} MiB; median of {repetitions} runs after a warm-up");
        Console.WriteLine();
        Console.WriteLine("| reader | median s | rows/s | vs hyparquet |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| Spaces.Parquet (.NET) | {ours:F3} | {rows / ours:N0} | {theirs / ours:F2}x |");
        Console.WriteLine($"| hyparquet (Node) | {theirs:F3} | {rows / theirs:N0} | 1.00x |");
    }

    private static void Check(long read, int expected, string reader)
    {
        if (read != expected)
        {
            throw new InvalidOperationException($"{reader} read {read} rows, expected {expected}");
        }
    }

    private sealed record NodeTimings(long Rows, double[] Seconds);
}
