namespace Spaces.Parquet;

/// <summary>What <see cref="ParquetFile.ReadRowsAsync"/> returns.</summary>
public sealed record ParquetReadOptions
{
    /// <summary>Columns to read, in the order the row arrays hold them; null reads every column of the schema.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Rows to skip first (for previews and paging). Whole row groups and pages are skipped without decoding.</summary>
    public long SkipRows { get; init; }

    /// <summary>Stop after this many rows; null reads to the end.</summary>
    public long? MaxRows { get; init; }
}
