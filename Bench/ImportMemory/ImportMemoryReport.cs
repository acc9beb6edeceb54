using System.Globalization;
using System.Runtime.InteropServices;

namespace Spaces.Bench.ImportMemory;

/// <summary>What one import measured: memory in KiB of the host process, and its first warn/fail/crit log entries.</summary>
public sealed record ImportMemoryResult(
    long Bytes, long Rows, double Seconds, long RssBeforeKiB, long RssAfterKiB, long PeakKiB, IReadOnlyList<string> HostProblems)
{
    public double MegabytesPerSecond => Bytes / 1e6 / Seconds;
}

/// <summary>Prints the imports as Markdown, with the machine and the command line that produced them.</summary>
public static class ImportMemoryReport
{
    public static void Print(TextWriter output, string file, IReadOnlyList<ImportMemoryResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        var os = $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}";
        output.WriteLine();
        output.WriteLine("## Dataset import: host memory by file size");
        output.WriteLine();
        output.WriteLine(string.Create(c, $"- Machine: {Environment.ProcessorCount} logical processors, {os}"));
        output.WriteLine($"- Command: `{Environment.CommandLine}`");
        output.WriteLine("- Host: Spaces.Api as a separate process, a fresh one (SQLite, new data folder) per size; " +
                         "the import is POSTed as admin.");
        output.WriteLine($"- File: {file}; served by a fake Hub in the benchmark over loopback HTTP (info, empty Parquet listing, tree, resolve).");
        output.WriteLine("- Seconds: POST /api/datasets until GET shows `ready` (download into the blob store, row count (Parquet: the footer), metadata and the first row). " +
                         "MB/s: 10^6 bytes per second.");
        output.WriteLine("- Memory from /proc/{pid}/status of the host: VmRSS before the POST and at `ready`; peak is VmHWM at `ready`.");
        output.WriteLine();
        output.WriteLine("| Size | Rows | Seconds | MB/s | RSS before (MiB) | RSS at ready (MiB) | Peak RSS, VmHWM (MiB) |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(
                string.Create(c, $"| {ByteSizes.Format(r.Bytes)} | {r.Rows:N0} | {r.Seconds:0.0} | {r.MegabytesPerSecond:0.0} | ") +
                string.Create(c, $"{MiB(r.RssBeforeKiB)} | {MiB(r.RssAfterKiB)} | {MiB(r.PeakKiB)} |"));
        }

        output.WriteLine();
        if (results.Count > 1)
        {
            var bySize = results.OrderBy(r => r.Bytes).ToList();
            var (smallest, largest) = (bySize[0], bySize[^1]);
            var sizes = $"{ByteSizes.Format(largest.Bytes)} / {ByteSizes.Format(smallest.Bytes)}";
            output.WriteLine(string.Create(c, $"- Peak ratio {sizes}: {(double)largest.PeakKiB / smallest.PeakKiB:0.00} ") +
                             string.Create(c, $"(file size ratio {(double)largest.Bytes / smallest.Bytes:0}×)."));
        }

        var problems = results.SelectMany(r => r.HostProblems).ToList();
        output.WriteLine(string.Create(c, $"- Host log entries at warn/fail/crit: {problems.Count}{(problems.Count > 0 ? ":" : ".")}"));
        foreach (var line in problems)
        {
            output.WriteLine($"  - `{line}`");
        }
    }

    private static string MiB(long kib) => (kib / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
}
