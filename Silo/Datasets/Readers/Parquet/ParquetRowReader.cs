using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Spaces.Silo.Datasets.Readers.Parquet;

/// <summary>
/// Parquet through ParquetSharp (Apache Arrow's C++ reader): every codec, encoding and nested type it reads. The blob is
/// read in place, through ranged reads on its seekable stream, one row group at a time, so memory follows the largest row
/// group, never the file. Values are converted by <see cref="ArrowValues"/>.
/// </summary>
public sealed partial class ParquetRowReader : IRowReader
{
    /// <summary>Rows per decoded Arrow batch (Arrow's default); rows are converted one at a time as they are read.</summary>
    private const int BatchRows = 64 * 1024;

    public async IAsyncEnumerable<DatasetRow> ReadAsync(Stream content, long skip, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var file = Open(content);
        var columns = file.Schema.FieldsList.Select(f => f.Name).ToArray();
        var (group, skipInGroup) = Locate(file.ParquetReader, skip);
        for (; group < file.NumRowGroups; group++)
        {
            using var batches = Guard(() => file.GetRecordBatchReader([group]));
            while (await NextBatchAsync(batches, cancellationToken).ConfigureAwait(false) is { } batch)
            {
                using (batch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var start = (int)Math.Min(skipInGroup, batch.Length);
                    skipInGroup -= start;
                    var readers = Enumerable.Range(0, columns.Length).Select(c => ArrowValues.ReaderFor(batch.Column(c))).ToArray();
                    for (var row = start; row < batch.Length; row++)
                    {
                        yield return new DatasetRow(columns, RowValues(readers, row));
                    }
                }
            }
        }
    }

    /// <summary>The row count from the footer alone.</summary>
    public static long CountRows(Stream content)
    {
        using var file = Open(content);
        return file.ParquetReader.FileMetaData.NumRows;
    }

    private static object?[] RowValues(Func<int, object?>[] readers, int row)
    {
        var values = new object?[readers.Length];
        for (var c = 0; c < readers.Length; c++)
        {
            values[c] = readers[c](row);
        }
        return values;
    }

    /// <summary>The first row group to decode and the rows to drop from it: whole groups before it are never read.</summary>
    private static (int Group, long Skip) Locate(ParquetFileReader footer, long skip)
    {
        var group = 0;
        for (; group < footer.FileMetaData.NumRowGroups; group++)
        {
            using var rowGroup = footer.RowGroup(group);
            if (skip < rowGroup.MetaData.NumRows)
            {
                break;
            }
            skip -= rowGroup.MetaData.NumRows;
        }
        return (group, skip);
    }

    private static FileReader Open(Stream content)
    {
        if (!content.CanSeek)
        {
            throw new InvalidOperationException("Parquet is read from a seekable blob stream (its footer is at the end)");
        }
        using var properties = ReaderProperties.GetDefaultReaderProperties();
        using var arrowProperties = ArrowReaderProperties.GetDefault();
        // No pre-buffering: it reads the blob from Arrow's own I/O threads, concurrently, through callbacks into this
        // managed stream, and those reads can still be in flight when a reader that stopped early (a samples page) is
        // disposed; a test run crashed the process with an access violation that way. Column chunks are read on the
        // reading thread instead, one row group at a time: memory still follows one row group, never the file.
        arrowProperties.PreBuffer = false;
        arrowProperties.BatchSize = BatchRows;
        arrowProperties.CoerceInt96TimestampUnit = Apache.Arrow.Types.TimeUnit.Nanosecond;
        return Guard(() => new FileReader(content, properties, arrowProperties, leaveOpen: true));
    }

    private static async ValueTask<RecordBatch?> NextBatchAsync(IArrowArrayStream batches, CancellationToken cancellationToken)
    {
        try
        {
            return await batches.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsReadError(e))
        {
            throw FormatError(e);
        }
    }

    /// <summary>ParquetSharp's errors carry the C++ reader's cause; they reach the user as the file's format error.</summary>
    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (IsReadError(e))
        {
            throw FormatError(e);
        }
    }

    /// <remarks>Batches come through Arrow's C stream interface, which raises the C++ reader's error as a plain <see cref="Exception"/>.</remarks>
    private static bool IsReadError(Exception e) =>
        e is ParquetException or IOException || e.GetType() == typeof(Exception);

    private static DatasetFormatException FormatError(Exception e) => new($"Parquet: {Cause(e.Message)}", e);

    /// <summary>ParquetSharp wraps the C++ message as <c>N7parquet22ParquetStatusExceptionE (message: '…')</c>; the user needs only the message.</summary>
    private static string Cause(string message) =>
        WrappedMessage().Match(message) is { Success: true } match ? match.Groups["cause"].Value.Trim() : message.Trim();

    [GeneratedRegex(@"^\S+ \(message: '(?<cause>.*)'\)\s*$", RegexOptions.Singleline)]
    private static partial Regex WrappedMessage();
}
