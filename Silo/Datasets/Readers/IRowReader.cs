namespace Spaces.Silo.Datasets.Readers;

/// <summary>A dataset row: column name to value (string, long, double, bool, bytes, null, or a JSON element for nested data).</summary>
public sealed class DatasetRow(IReadOnlyList<string> columns, object?[] values)
{
    public IReadOnlyList<string> Columns { get; } = columns;

    public IReadOnlyList<object?> Values { get; } = values;

    public object? this[string column] => IndexOf(column) is var i and >= 0 ? Values[i] : null;

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column)
            {
                return i;
            }
        }
        return -1;
    }

    public Dictionary<string, object?> ToDictionary()
    {
        var row = new Dictionary<string, object?>(Columns.Count, StringComparer.Ordinal);
        for (var i = 0; i < Columns.Count; i++)
        {
            row[Columns[i]] = Values[i];
        }
        return row;
    }
}

/// <summary>Reads a dataset file row by row; memory does not grow with the file.</summary>
public interface IRowReader
{
    /// <summary>The rows after the first <paramref name="skip"/>; formats that can seek (Parquet) skip without decoding.</summary>
    IAsyncEnumerable<DatasetRow> ReadAsync(Stream content, long skip, CancellationToken cancellationToken);
}
