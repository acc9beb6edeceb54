namespace Spaces.Parquet;

/// <summary>
/// A top-level primitive column. Values are returned as: BOOLEAN → bool, INT32 → int, INT64 → long,
/// FLOAT → float, DOUBLE → double, BYTE_ARRAY → string when annotated UTF8/STRING else byte[],
/// FIXED_LEN_BYTE_ARRAY → byte[]; null when an optional column has no value.
/// Logical annotations other than strings (DATE, TIMESTAMP, DECIMAL, ...) are not applied: the physical value is returned.
/// </summary>
/// <param name="Index">Position in <see cref="ParquetSchema.Columns"/>.</param>
/// <param name="LeafIndex">Position of the column chunk inside each row group (counts every leaf, supported or not).</param>
public sealed record ParquetColumn(
    int Index,
    int LeafIndex,
    string Name,
    ParquetPhysicalType PhysicalType,
    bool IsNullable,
    bool IsString,
    int? TypeLength)
{
    public Type ClrType => PhysicalType switch
    {
        ParquetPhysicalType.Boolean => typeof(bool),
        ParquetPhysicalType.Int32 => typeof(int),
        ParquetPhysicalType.Int64 => typeof(long),
        ParquetPhysicalType.Float => typeof(float),
        ParquetPhysicalType.Double => typeof(double),
        ParquetPhysicalType.ByteArray when IsString => typeof(string),
        _ => typeof(byte[]),
    };
}
