using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ParquetSharp;
using ParquetSharp.Arrow;
using Spaces.Silo.Datasets.Readers.Parquet;

namespace Spaces.Bench.Parquet;

/// <summary>
/// `spaces-bench parquet`: writes one Snappy and one ZSTD file with ParquetSharp, then compares rows/s on each of our
/// reader (ParquetRowReader: ParquetSharp plus the row values the import and tokenizer see), ParquetSharp's Arrow batches
/// alone, and hyparquet with hyparquet-compressors (Tests/js/parquet-bench.mjs): one warm-up run each, then the median.
/// </summary>
public static class ParquetBenchmark
{
    private const string Script = "parquet-bench.mjs";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(10);

    public static Command CreateCommand()
    {
        var rows = new Option<int>("--rows") { Description = "Rows in each benchmark file", DefaultValueFactory = _ => 1_000_000 };
        var repetitions = new Option<int>("--repetitions") { Description = "Measured runs per reader (after one warm-up)", DefaultValueFactory = _ => 5 };
        var jsDirectory = new Option<string?>("--js-dir") { Description = "Folder with parquet-bench.mjs and node_modules (default: Tests/js of the repository)" };
        var command = new Command("parquet", "Parquet read throughput: ParquetSharp (our rows and Arrow batches) vs hyparquet, on a Snappy and a ZSTD file")
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
                var js = parse.GetValue(jsDirectory) ?? Path.Combine(NodeScripts.FindRepoRoot(), "Tests", "js");
                var results = new List<CodecResult>();
                foreach (var codec in new[] { Compression.Snappy, Compression.Zstd })
                {
                    results.Add(await RunAsync(codec, rowCount, runs, js, cancellationToken));
                }
                PrintTable(rowCount, runs, results);
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

    private static async Task<CodecResult> RunAsync(Compression codec, int rows, int repetitions, string jsDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"spaces-bench-{Guid.NewGuid():N}.parquet");
        try
        {
            Console.Error.WriteLine($"Writing {rows:N0} rows ({codec}) with ParquetSharp to {path}");
            BenchParquetFile.Write(path, rows, codec);
            var size = new FileInfo(path).Length;
            Console.Error.WriteLine($"Reading with ParquetRowReader and with ParquetSharp's Arrow batches ({codec})");
            var ours = await TimeAsync(() => ReadRowsAsync(path, cancellationToken), rows, repetitions, "ParquetRowReader");
            var batches = await TimeAsync(() => Task.FromResult(ReadBatches(path)), rows, repetitions, "ParquetSharp Arrow batches");
            Console.Error.WriteLine($"Reading with hyparquet ({codec})");
            var json = await NodeScripts.RunAsync(jsDirectory, Script, [path, repetitions.ToString(CultureInfo.InvariantCulture)], NodeTimeout, cancellationToken);
            var theirs = JsonSerializer.Deserialize<NodeTimings>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new InvalidOperationException("parquet-bench.mjs printed nothing");
            Check(theirs.Rows, rows, "hyparquet");
            return new CodecResult(codec, size, ours, batches, Percentiles.Median(theirs.Seconds));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The median of <paramref name="repetitions"/> timed runs after one warm-up (JIT and file cache).</summary>
    private static async Task<double> TimeAsync(Func<Task<long>> read, int rows, int repetitions, string reader)
    {
        Check(await read(), rows, reader);
        var seconds = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            var count = await read();
            seconds.Add(stopwatch.Elapsed.TotalSeconds);
            Check(count, rows, reader);
        }
        return Percentiles.Median(seconds);
    }

    private static async Task<long> ReadRowsAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        long count = 0;
        await foreach (var row in new ParquetRowReader().ReadAsync(stream, 0, cancellationToken))
        {
            count += row.Values.Count > 0 ? 1 : 0;
        }
        return count;
    }

    private static long ReadBatches(string path)
    {
        using var file = new FileReader(path);
        using var batches = file.GetRecordBatchReader();
        long count = 0;
        while (batches.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
        {
            count += batch.Length;
            batch.Dispose();
        }
        return count;
    }

    private static void PrintTable(int rows, int repetitions, IReadOnlyList<CodecResult> results)
    {
        Console.WriteLine($"Parquet read: {rows:N0} rows (int64 id, string text, double score, optional int32 bucket), written by ParquetSharp, " +
                          $"{BenchParquetFile.RowGroupRows:N0} rows per row group; median of {repetitions} runs after a warm-up");
        Console.WriteLine();
        Console.WriteLine("| codec | file MiB | reader | median s | rows/s | vs hyparquet |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|");
        foreach (var r in results)
        {
            var mib = (r.Size / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
            Line(r.Codec, mib, "ParquetRowReader (ParquetSharp, row values)", r.Ours, r.Hyparquet, rows);
            Line(r.Codec, mib, "ParquetSharp Arrow batches only", r.Batches, r.Hyparquet, rows);
            Line(r.Codec, mib, "hyparquet + hyparquet-compressors (Node)", r.Hyparquet, r.Hyparquet, rows);
        }
    }

    private static void Line(Compression codec, string mib, string reader, double seconds, double hyparquet, int rows) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {codec} | {mib} | {reader} | {seconds:F3} | {rows / seconds:N0} | {hyparquet / seconds:F2}x |"));

    private static void Check(long read, int expected, string reader)
    {
        if (read != expected)
        {
            throw new InvalidOperationException($"{reader} read {read} rows, expected {expected}");
        }
    }

    private sealed record CodecResult(Compression Codec, long Size, double Ours, double Batches, double Hyparquet);

    private sealed record NodeTimings(long Rows, double[] Seconds);
}
