namespace Spaces.Parquet.Format;

// The subset of parquet.thrift's FileMetaData this reader uses; everything else is skipped while decoding.

internal sealed record FileMetadata(
    IReadOnlyList<SchemaElement> Schema,
    long NumRows,
    IReadOnlyList<RowGroupMetadata> RowGroups,
    string? CreatedBy);

internal sealed record SchemaElement(
    string Name,
    ParquetPhysicalType? Type,
    int? TypeLength,
    FieldRepetition? Repetition,
    int NumChildren,
    int? ConvertedType,
    bool IsStringLogicalType);

internal sealed record RowGroupMetadata(IReadOnlyList<ColumnChunkMetadata> Columns, long NumRows, long TotalByteSize);

internal sealed record ColumnChunkMetadata(
    ParquetPhysicalType Type,
    IReadOnlyList<string> PathInSchema,
    int Codec,
    long NumValues,
    long TotalCompressedSize,
    long DataPageOffset,
    long? DictionaryPageOffset)
{
    /// <summary>The chunk starts at its dictionary page when it has one (some writers put it before the data pages).</summary>
    public long StartOffset => DictionaryPageOffset is { } dictionary && dictionary > 0 && dictionary < DataPageOffset
        ? dictionary
        : DataPageOffset;
}
