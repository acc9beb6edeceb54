using System.Runtime.CompilerServices;
using Spaces.Parquet;

namespace Spaces.Silo.Datasets.Readers;

/// <summary>
/// Parquet through our own reader. Only columns it supports are read: the Hub's conversions often carry nested columns
/// (lists, structs) beside the text, and a dataset stays usable without them. A file with no readable column is an
/// error naming why.
/// </summary>
public sealed class ParquetRowReader : IRowReader
{
    public async IAsyncEnumerable<DatasetRow> ReadAsync(Stream content, long skip, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var file = await OpenAsync(content, cancellationToken).ConfigureAwait(false);
        var columns = file.Schema.Columns.Select(c => c.Name).ToArray();
        var options = new ParquetReadOptions { Columns = columns, SkipRows = skip };
        await foreach (var values in file.ReadRowsAsync(options, cancellationToken).ConfigureAwait(false))
        {
            yield return new DatasetRow(columns, values);
        }
    }

    /// <summary>The row count from the footer alone.</summary>
    public static async Task<long> CountRowsAsync(Stream content, CancellationToken cancellationToken)
    {
        await using var file = await OpenAsync(content, cancellationToken).ConfigureAwait(false);
        return file.NumRows;
    }

    private static async Task<ParquetFile> OpenAsync(Stream content, CancellationToken cancellationToken)
    {
        try
        {
            var file = await ParquetFile.OpenAsync(content, leaveOpen: true, cancellationToken).ConfigureAwait(false);
            if (file.Schema.Columns.Count == 0)
            {
                var first = file.Schema.Unsupported.FirstOrDefault();
                await file.DisposeAsync().ConfigureAwait(false);
                throw new DatasetFormatException(first is null ? "Parquet: the file has no columns" : first.Error().Message);
            }
            return file;
        }
        catch (Exception e) when (e is ParquetFormatException or ParquetNotSupportedException)
        {
            throw new DatasetFormatException(e.Message, e);
        }
    }
}
