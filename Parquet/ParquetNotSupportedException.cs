namespace Spaces.Parquet;

/// <summary>
/// The file is valid Parquet but uses a feature this reader does not implement.
/// <see cref="Feature"/> names it as the format spells it (e.g. "ZSTD", "DELTA_BINARY_PACKED", "INT96", "nested column").
/// </summary>
public sealed class ParquetNotSupportedException(string feature, string message) : NotSupportedException(message)
{
    public string Feature { get; } = feature;
}
