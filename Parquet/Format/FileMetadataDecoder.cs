using Spaces.Parquet.Thrift;

namespace Spaces.Parquet.Format;

/// <summary>Decodes FileMetaData (the footer) from Thrift compact bytes; field ids follow parquet.thrift.</summary>
internal static class FileMetadataDecoder
{
    public static FileMetadata Decode(ReadOnlySpan<byte> footer)
    {
        var reader = new CompactProtocolReader(footer);
        var schema = new List<SchemaElement>();
        var rowGroups = new List<RowGroupMetadata>();
        long? numRows = null;
        string? createdBy = null;
        short lastId = 0;
        while (reader.ReadFieldHeader(ref lastId, out var id, out var type))
        {
            switch (id, type)
            {
                case (2, CompactType.List):
                    ReadList(ref reader, schema, static (ref r) => DecodeSchemaElement(ref r));
                    break;
                case (3, CompactType.I64):
                    numRows = reader.ReadI64();
                    break;
                case (4, CompactType.List):
                    ReadList(ref reader, rowGroups, static (ref r) => DecodeRowGroup(ref r));
                    break;
                case (6, CompactType.Binary):
                    createdBy = reader.ReadString();
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        return new FileMetadata(schema, numRows ?? throw Missing("FileMetaData.num_rows"), rowGroups, createdBy);
    }

    internal delegate T ElementDecoder<out T>(ref CompactProtocolReader reader);

    internal static void ReadList<T>(ref CompactProtocolReader reader, List<T> target, ElementDecoder<T> decode)
    {
        var (elementType, count) = reader.ReadListHeader();
        if (elementType != CompactType.Struct && count > 0)
        {
            throw new ParquetFormatException($"Parquet: expected a list of structs in metadata, found element type {elementType}");
        }

        for (var i = 0; i < count; i++)
        {
            target.Add(decode(ref reader));
        }
    }

    internal static ParquetFormatException Missing(string field) =>
        new($"Parquet: metadata is missing the required field {field}");

    private static SchemaElement DecodeSchemaElement(ref CompactProtocolReader reader)
    {
        string? name = null;
        ParquetPhysicalType? physicalType = null;
        int? typeLength = null, convertedType = null;
        FieldRepetition? repetition = null;
        var numChildren = 0;
        var isString = false;
        short lastId = 0;
        while (reader.ReadFieldHeader(ref lastId, out var id, out var type))
        {
            switch (id, type)
            {
                case (1, CompactType.I32):
                    physicalType = (ParquetPhysicalType)reader.ReadI32();
                    break;
                case (2, CompactType.I32):
                    typeLength = reader.ReadI32();
                    break;
                case (3, CompactType.I32):
                    repetition = (FieldRepetition)reader.ReadI32();
                    break;
                case (4, CompactType.Binary):
                    name = reader.ReadString();
                    break;
                case (5, CompactType.I32):
                    numChildren = reader.ReadI32();
                    break;
                case (6, CompactType.I32):
                    convertedType = reader.ReadI32();
                    break;
                case (10, CompactType.Struct):
                    isString = IsStringLogicalType(ref reader);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        return new SchemaElement(
            name ?? throw Missing("SchemaElement.name"), physicalType, typeLength, repetition, numChildren, convertedType, isString);
    }

    // LogicalType is a union: field 1 (StringType) marks UTF-8 text; other members are skipped.
    private static bool IsStringLogicalType(ref CompactProtocolReader reader)
    {
        var isString = false;
        short lastId = 0;
        while (reader.ReadFieldHeader(ref lastId, out var id, out var type))
        {
            isString |= id == 1 && type == CompactType.Struct;
            reader.Skip(type);
        }

        return isString;
    }

    private static RowGroupMetadata DecodeRowGroup(ref CompactProtocolReader reader)
    {
        var columns = new List<ColumnChunkMetadata>();
        long? numRows = null;
        long totalByteSize = 0;
        short lastId = 0;
        while (reader.ReadFieldHeader(ref lastId, out var id, out var type))
        {
            switch (id, type)
            {
                case (1, CompactType.List):
                    ReadList(ref reader, columns, static (ref r) => ColumnChunkDecoder.Decode(ref r));
                    break;
                case (2, CompactType.I64):
                    totalByteSize = reader.ReadI64();
                    break;
                case (3, CompactType.I64):
                    numRows = reader.ReadI64();
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        return new RowGroupMetadata(columns, numRows ?? throw Missing("RowGroup.num_rows"), totalByteSize);
    }
}
