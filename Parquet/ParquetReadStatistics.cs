namespace Spaces.Parquet;

/// <summary>
/// What one read touched, so callers and tests can check that memory stays bounded: the reader holds only the
/// current page (and dictionary) of each selected column, so <see cref="MaxBufferedBytes"/> follows page size, not file size.
/// </summary>
public sealed class ParquetReadStatistics
{
    private readonly List<long> _rowsPerRowGroup = [];

    public long RowsRead { get; private set; }

    public long PagesRead { get; private set; }

    /// <summary>Rows returned from each row group that was read (skipped groups are absent).</summary>
    public IReadOnlyList<long> RowsPerRowGroup => _rowsPerRowGroup;

    /// <summary>Peak of the bytes held at once by all selected columns: read buffers, decompressed page, decoded values, dictionary.</summary>
    public long MaxBufferedBytes { get; private set; }

    internal void ObserveBuffered(long bytes) => MaxBufferedBytes = Math.Max(MaxBufferedBytes, bytes);

    internal void CompleteRowGroup(long rows, long pages)
    {
        _rowsPerRowGroup.Add(rows);
        RowsRead += rows;
        PagesRead += pages;
    }
}
