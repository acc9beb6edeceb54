using Spaces.Silo.Datasets.Readers.Parquet;

namespace Spaces.Tests.Parquet;

/// <summary>A file's rows through <see cref="ParquetRowReader"/>, as the import and tokenize jobs read them.</summary>
public static class ParquetFileRows
{
    public static async Task<(IReadOnlyList<string> Columns, List<object?[]> Rows)> ReadAsync(string path, long skip = 0, long take = long.MaxValue)
    {
        await using var stream = File.OpenRead(path);
        return await ReadAsync(stream, skip, take);
    }

    public static async Task<(IReadOnlyList<string> Columns, List<object?[]> Rows)> ReadAsync(Stream stream, long skip = 0, long take = long.MaxValue)
    {
        IReadOnlyList<string> columns = [];
        var rows = new List<object?[]>();
        await foreach (var row in new ParquetRowReader().ReadAsync(stream, skip, CancellationToken.None))
        {
            columns = row.Columns;
            rows.Add([.. row.Values]);
            if (rows.Count == take)
            {
                break;
            }
        }
        return (columns, rows);
    }

    public static long Count(string path)
    {
        using var stream = File.OpenRead(path);
        return ParquetRowReader.CountRows(stream);
    }
}
