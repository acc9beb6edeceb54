namespace Spaces.Parquet;

/// <summary>A column the reader cannot return (nested, repeated, INT96). Reading it throws <see cref="Error"/>.</summary>
/// <param name="Name">The top-level field name.</param>
/// <param name="Feature">The unsupported feature, e.g. "nested column", "repeated column", "INT96".</param>
/// <param name="Reason">A complete message naming the column and the feature.</param>
public sealed record ParquetUnsupportedColumn(string Name, string Feature, string Reason)
{
    public ParquetNotSupportedException Error() => new(Feature, Reason);
}
