using ParquetSharp;
using Spaces.Bench.Parquet;

namespace Spaces.Bench.ImportMemory;

/// <summary>
/// A Snappy Parquet file of about the requested size in a temporary folder, written by ParquetSharp in row groups of
/// <see cref="BenchParquetFile.RowGroupRows"/> rows. Its text is letters picked by a hash, which Snappy barely shrinks,
/// so a gigabyte file holds millions of rows rather than a few repetitive ones.
/// </summary>
public sealed class GeneratedParquet : IBenchFile, IDisposable
{
    private const int ProbeRows = 20_000;
    private const int TextLetters = 160;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"spaces-bench-import-{Guid.NewGuid():N}.parquet");

    public GeneratedParquet(long requestedBytes)
    {
        BenchParquetFile.Write(_path, ProbeRows, Compression.Snappy, Text);
        var bytesPerRow = (double)new FileInfo(_path).Length / ProbeRows;
        Rows = Math.Max(1, (long)(requestedBytes / bytesPerRow));
        BenchParquetFile.Write(_path, Rows, Compression.Snappy, Text);
        Length = new FileInfo(_path).Length;
    }

    public string FileName => "train.parquet";

    public string Description =>
        $"Parquet written by ParquetSharp (Snappy; int64, {TextLetters}-letter text, double, optional int32; " +
        $"{BenchParquetFile.RowGroupRows:N0} rows per row group), served from a temporary file";

    public long Rows { get; }

    public long Length { get; }

    public string ETag => $"parquet-{Rows}-{Length}";

    public async Task WriteAsync(Stream destination, long from, long to, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        file.Position = from;
        var buffer = new byte[64 * 1024];
        for (var left = to - from + 1; left > 0;)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException($"{_path} ended before byte {to}");
            }
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            left -= read;
        }
    }

    public void Dispose() => File.Delete(_path);

    /// <summary>Row n's text: letters from a 64-bit hash of n and the position, in words of four to nine.</summary>
    private static string Text(long n) => string.Create(TextLetters, n, static (span, row) =>
    {
        var state = ((ulong)row + 1) * 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < span.Length; i++)
        {
            state ^= state >> 29;
            state *= 0xBF58476D1CE4E5B9UL;
            span[i] = i % 7 == 6 ? ' ' : (char)('a' + (int)(state % 26));
        }
    });
}
