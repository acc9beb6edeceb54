using System.CommandLine;
using System.Diagnostics;
using Spaces.Grains.Abstractions.Datasets;

namespace Spaces.Bench.ImportMemory;

/// <summary>
/// `spaces-bench import-memory`: imports a generated JSON Lines or Parquet file of each size from a fake Hub inside the
/// benchmark, each into a fresh host process, and reports the host's peak resident memory. The import streams, and Parquet
/// is read from the blob a row group at a time, so the peak should not follow the file size.
/// </summary>
public static class ImportMemoryBenchmark
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static Command CreateCommand(Func<string> defaultApiDll)
    {
        var sizes = new Option<string>("--sizes")
        {
            Description = "Comma-separated file sizes, binary units (10MB = 10 MiB)",
            DefaultValueFactory = _ => "10MB,1GB",
        };
        var format = new Option<string>("--format") { Description = "jsonl or parquet", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "parquet");
        var timeout = new Option<int>("--timeout-minutes") { Description = "Limit for one import", DefaultValueFactory = _ => 30 };
        var apiDll = new Option<string>("--api-dll")
        {
            Description = "The built host, Spaces.Api.dll",
            DefaultValueFactory = _ => defaultApiDll(),
        };
        var command = new Command("import-memory", "Peak host memory (VmHWM) of a dataset import by file size: a fresh host per size")
        {
            sizes, format, timeout, apiDll,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var sizeList = ByteSizes.ParseList(parse.GetRequiredValue(sizes));
                var limit = TimeSpan.FromMinutes(parse.GetValue(timeout));
                if (sizeList.Count == 0 || limit <= TimeSpan.Zero)
                {
                    Console.Error.WriteLine("spaces-bench import-memory: give at least one size and a positive --timeout-minutes");
                    return 2;
                }

                await RunAsync(sizeList, parse.GetRequiredValue(format), limit, parse.GetRequiredValue(apiDll), cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"spaces-bench import-memory failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task RunAsync(IReadOnlyList<long> sizes, string format, TimeSpan limit, string apiDll, CancellationToken cancellationToken)
    {
        var files = sizes.Select(size => Generate(format, size)).ToList();
        try
        {
            var datasets = files.Select((f, i) => (Repo: $"bench/{format}-{i}-{f.Length}", File: f)).ToList();
            await using var hub = await BenchHub.StartAsync(datasets.ToDictionary(d => d.Repo, d => d.File), cancellationToken);
            Console.Error.WriteLine($"Fake Hub at {hub.BaseUrl}");
            var results = new List<ImportMemoryResult>();
            foreach (var (repo, file) in datasets)
            {
                results.Add(await ImportOnceAsync(apiDll, hub, repo, file, limit, cancellationToken));
            }

            ImportMemoryReport.Print(Console.Out, files[0].Description, results);
        }
        finally
        {
            foreach (var file in files.OfType<IDisposable>())
            {
                file.Dispose();
            }
        }
    }

    private static IBenchFile Generate(string format, long size)
    {
        if (format == "jsonl")
        {
            return new GeneratedJsonLines(size);
        }
        Console.Error.WriteLine($"Writing a {ByteSizes.Format(size)} Parquet file with ParquetSharp");
        return new GeneratedParquet(size);
    }

    /// <summary>A fresh host (its own data folder, deleted when it stops), one import through REST, then its memory.</summary>
    private static async Task<ImportMemoryResult> ImportOnceAsync(
        string apiDll, BenchHub hub, string repo, IBenchFile file, TimeSpan limit, CancellationToken cancellationToken)
    {
        var name = ByteSizes.Format(file.Length);
        var password = $"bench-{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string> { ["Spaces__HuggingFace__Endpoint"] = hub.BaseUrl.ToString() };
        Console.Error.WriteLine($"[{name}] starting a fresh host {apiDll}");
        await using var host = await HostProcess.StartAsync(apiDll, password, environment, cancellationToken);
        using var api = new AdminApi(host.BaseAddress);
        await api.LoginAsync("admin", password, cancellationToken);
        var before = host.ReadRssKiB();

        Console.Error.WriteLine($"[{name}] importing {repo} ({file.Rows:N0} rows); host RSS {before / 1024.0:0.0} MiB");
        var stopwatch = Stopwatch.StartNew();
        var id = await api.ImportDatasetAsync(repo, "train", cancellationToken);
        AdminApi.DatasetState? state = null;
        await Phase.UntilAsync(
            async ct => !DatasetStatuses.IsBusy((state = await api.GetDatasetAsync(id, ct)).Status),
            Poll, limit, $"the import of {name} to finish", cancellationToken);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var (after, peak) = (host.ReadRssKiB(), host.ReadPeakRssKiB());

        if (state is not { Status: DatasetStatuses.Ready } || state.NumSamples != file.Rows || state.SizeBytes != file.Length)
        {
            throw new InvalidOperationException(
                $"The import of {name} ended {state?.Status} with {state?.NumSamples} rows of {state?.SizeBytes} bytes " +
                $"(expected {file.Rows} rows of {file.Length} bytes): {state?.Error}\n{host.Log.Tail()}");
        }

        Console.Error.WriteLine($"[{name}] ready in {seconds:0.0} s; host RSS {after / 1024.0:0.0} MiB, peak {peak / 1024.0:0.0} MiB");
        return new ImportMemoryResult(file.Length, file.Rows, seconds, before, after, peak, host.Log.Problems.First);
    }
}
