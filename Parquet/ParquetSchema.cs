using System.Diagnostics.CodeAnalysis;

namespace Spaces.Parquet;

/// <summary>
/// The readable columns of a file in file order, plus the top-level fields this reader cannot return.
/// A file with unsupported fields still opens, so its flat columns can be read by name.
/// </summary>
public sealed class ParquetSchema
{
    private readonly Dictionary<string, ParquetColumn> _byName;

    internal ParquetSchema(IReadOnlyList<ParquetColumn> columns, IReadOnlyList<ParquetUnsupportedColumn> unsupported)
    {
        Columns = columns;
        Unsupported = unsupported;
        _byName = columns.ToDictionary(column => column.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ParquetColumn> Columns { get; }

    public IReadOnlyList<ParquetUnsupportedColumn> Unsupported { get; }

    /// <summary>Finds a readable column; throws naming the feature when the field exists but is unsupported.</summary>
    public ParquetColumn this[string name] =>
        _byName.TryGetValue(name, out var column) ? column
        : Unsupported.FirstOrDefault(u => u.Name == name) is { } unsupported ? throw unsupported.Error()
        : throw new KeyNotFoundException($"Parquet: the file has no column '{name}'");

    public bool TryGetColumn(string name, [NotNullWhen(true)] out ParquetColumn? column) => _byName.TryGetValue(name, out column);
}
