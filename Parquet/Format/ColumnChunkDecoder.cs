using Spaces.Parquet.Thrift;

namespace Spaces.Parquet.Format;

/// <summary>Decodes ColumnChunk and its ColumnMetaData.</summary>
internal static class ColumnChunkDecoder
{
    public static ColumnChunkMetadata Decode(ref CompactProtocolReader reader)
    {
        ColumnChunkMetadata? metadata = null;
        string? filePath = null;
        short lastId = 0;
        while (reader.ReadFieldHeader(ref lastId, out var id, out var type))
        {
            switch (id, type)
            {
                case (1, CompactType.Binary):
                    filePath = reader.ReadString();
                    break;
                case (3, CompactType.Struct):
                    metadata = DecodeColumnMetadata(ref reader);
                    break;
                case (8, CompactType.Struct):
                    throw new ParquetNotSupportedException("encryption", "Parquet: encrypted column chunks are not supported");
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (filePath is not null)
        {
            throw new ParquetNotSupportedException(
                "external column chunk", $"Parquet: column chunks stored in another file ('{filePath}') are not supported");
        }

        return metadata ?? throw FileMetadataDecoder.Missing("ColumnChunk.meta_data");
    }

    private static ColumnChunkMetadata DecodeColumnMetadata(ref CompactProtocolReader reader)
    {
        ParquetPhysicalType? physicalType = null;
        var path = new List<string>();
        int? codec = null;
        long? numValues = null, compressedSize = null, dataPageOffset = null, dictionaryPageOffset = null;
        short lastId = 0;
        while (reader.ReadFieldHeader(ref lastId, out var id, out var type))
        {
            switch (id, type)
            {
                case (1, CompactType.I32):
                    physicalType = (ParquetPhysicalType)reader.ReadI32();
                    break;
                case (3, CompactType.List):
                    var (_, count) = reader.ReadListHeader();
                    for (var i = 0; i < count; i++)
                    {
                        path.Add(reader.ReadString());
                    }

                    break;
                case (4, CompactType.I32):
                    codec = reader.ReadI32();
                    break;
                case (5, CompactType.I64):
                    numValues = reader.ReadI64();
                    break;
                case (7, CompactType.I64):
                    compressedSize = reader.ReadI64();
                    break;
                case (9, CompactType.I64):
                    dataPageOffset = reader.ReadI64();
                    break;
                case (11, CompactType.I64):
                    dictionaryPageOffset = reader.ReadI64();
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        return new ColumnChunkMetadata(
            physicalType ?? throw FileMetadataDecoder.Missing("ColumnMetaData.type"),
            path,
            codec ?? throw FileMetadataDecoder.Missing("ColumnMetaData.codec"),
            numValues ?? throw FileMetadataDecoder.Missing("ColumnMetaData.num_values"),
            compressedSize ?? throw FileMetadataDecoder.Missing("ColumnMetaData.total_compressed_size"),
            dataPageOffset ?? throw FileMetadataDecoder.Missing("ColumnMetaData.data_page_offset"),
            dictionaryPageOffset);
    }
}
