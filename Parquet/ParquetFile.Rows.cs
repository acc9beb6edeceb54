using System.Runtime.CompilerServices;
using Spaces.Parquet.Format;
using Spaces.Parquet.Reading;

namespace Spaces.Parquet;

public sealed partial class ParquetFile
{
    private int _reading;

    /// <summary>
    /// Streams rows as arrays aligned with the selected columns (<see cref="ParquetReadOptions.Columns"/>, or
    /// <see cref="ParquetSchema.Columns"/> when null). Each row is a new array the caller may keep.
    /// Reading every column of a file whose schema has unsupported fields throws naming the first of them.
    /// </summary>
    public async IAsyncEnumerable<object?[]> ReadRowsAsync(
        ParquetReadOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new ParquetReadOptions();
        var columns = SelectColumns(options.Columns);
        if (options.SkipRows < 0 || options.MaxRows < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Parquet: SkipRows and MaxRows must not be negative");
        }

        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("Parquet: a ParquetFile supports one read at a time (reads share the stream position)");
        }

        try
        {
            var statistics = ReadStatistics = new ParquetReadStatistics();
            var skip = options.SkipRows;
            var remaining = options.MaxRows ?? long.MaxValue;
            foreach (var group in _metadata.RowGroups)
            {
                if (remaining == 0)
                {
                    break;
                }

                if (skip >= group.NumRows)
                {
                    skip -= group.NumRows;
                    continue;
                }

                var readers = OpenChunks(group, columns);
                foreach (var reader in readers)
                {
                    await reader.SkipRowsAsync(skip, cancellationToken).ConfigureAwait(false);
                }

                var rowsLeft = Math.Min(group.NumRows - skip, remaining);
                var rowsRead = 0L;
                skip = 0;
                while (rowsLeft > 0)
                {
                    var batch = (int)Math.Min(rowsLeft, int.MaxValue);
                    foreach (var reader in readers)
                    {
                        batch = Math.Min(batch, await EnsurePageAsync(reader, readers, statistics, cancellationToken).ConfigureAwait(false));
                    }

                    // Within a batch every selected column has a decoded value for every row: no per-value checks.
                    for (var row = 0; row < batch; row++)
                    {
                        var values = new object?[readers.Length];
                        for (var c = 0; c < readers.Length; c++)
                        {
                            values[c] = readers[c].Values[readers[c].Position + row];
                        }

                        yield return values;
                    }

                    foreach (var reader in readers)
                    {
                        reader.Position += batch;
                    }

                    rowsLeft -= batch;
                    rowsRead += batch;
                }

                remaining -= rowsRead;
                statistics.CompleteRowGroup(rowsRead, readers.Sum(r => r.PagesRead));
            }
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    /// <summary>Streams the values of one column, e.g. a text column to tokenize.</summary>
    public async IAsyncEnumerable<T?> ReadColumnAsync<T>(
        string column, long skipRows = 0, long? maxRows = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var type = Schema[column].ClrType;
        if (!typeof(T).IsAssignableFrom(type))
        {
            throw new ArgumentException($"Parquet: column '{column}' holds {type.Name}, not {typeof(T).Name}", nameof(column));
        }

        var options = new ParquetReadOptions { Columns = [column], SkipRows = skipRows, MaxRows = maxRows };
        await foreach (var row in ReadRowsAsync(options, cancellationToken).ConfigureAwait(false))
        {
            yield return (T?)row[0];
        }
    }

    private ParquetColumn[] SelectColumns(IReadOnlyList<string>? names)
    {
        if (names is null)
        {
            if (Schema.Unsupported.Count > 0)
            {
                throw Schema.Unsupported[0].Error();
            }

            return [.. Schema.Columns];
        }

        return names.Select(name => Schema[name]).ToArray();
    }

    private ColumnChunkReader[] OpenChunks(RowGroupMetadata group, ParquetColumn[] columns)
    {
        var readers = new ColumnChunkReader[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var column = columns[i];
            var chunk = group.Columns[column.LeafIndex];
            if (chunk.Type != column.PhysicalType)
            {
                throw new ParquetFormatException(
                    $"Parquet: column chunk of '{column.Name}' has type {chunk.Type} but the schema says {column.PhysicalType}");
            }

            PageDecompressor.EnsureSupported(chunk.Codec, column.Name);
            readers[i] = new ColumnChunkReader(_stream, chunk, column);
        }

        return readers;
    }

    private static async ValueTask<int> EnsurePageAsync(
        ColumnChunkReader reader, ColumnChunkReader[] all, ParquetReadStatistics statistics, CancellationToken cancellationToken)
    {
        while (reader.Available == 0)
        {
            if (!await reader.ReadNextPageAsync(cancellationToken).ConfigureAwait(false))
            {
                throw reader.RanOut();
            }

            statistics.ObserveBuffered(all.Sum(r => r.BufferedBytes));
        }

        return reader.Available;
    }
}
