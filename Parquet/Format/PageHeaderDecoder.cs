using Spaces.Parquet.Thrift;

namespace Spaces.Parquet.Format;

/// <summary>Decodes a PageHeader; returns how many bytes the header took so the page body can follow it.</summary>
internal static class PageHeaderDecoder
{
    public static PageHeader Decode(ReadOnlySpan<byte> bytes, out int headerLength)
    {
        var reader = new CompactProtocolReader(bytes);
        PageType? pageType = null;
        int? uncompressed = null, compressed = null;
        DataPageHeaderV1? v1 = null;
        DictionaryPageHeader? dictionary = null;
        DataPageHeaderV2? v2 = null;
        short lastId = 0;
        while (reader.ReadFieldHeader(ref lastId, out var id, out var type))
        {
            switch (id, type)
            {
                case (1, CompactType.I32):
                    pageType = (PageType)reader.ReadI32();
                    break;
                case (2, CompactType.I32):
                    uncompressed = reader.ReadI32();
                    break;
                case (3, CompactType.I32):
                    compressed = reader.ReadI32();
                    break;
                case (5, CompactType.Struct):
                    v1 = DecodeV1(ref reader);
                    break;
                case (7, CompactType.Struct):
                    dictionary = DecodeDictionary(ref reader);
                    break;
                case (8, CompactType.Struct):
                    v2 = DecodeV2(ref reader);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        headerLength = reader.Position;
        if (compressed < 0 || uncompressed < 0)
        {
            throw new ParquetFormatException("Parquet: page header has a negative size");
        }

        return new PageHeader(
            pageType ?? throw FileMetadataDecoder.Missing("PageHeader.type"),
            uncompressed ?? throw FileMetadataDecoder.Missing("PageHeader.uncompressed_page_size"),
            compressed ?? throw FileMetadataDecoder.Missing("PageHeader.compressed_page_size"),
            v1,
            dictionary,
            v2);
    }

    private static DataPageHeaderV1 DecodeV1(ref CompactProtocolReader reader)
    {
        int numValues = 0, encoding = 0, definitionEncoding = EncodingIds.Rle;
        short lastId = 0;
        while (reader.ReadFieldHeader(ref lastId, out var id, out var type))
        {
            switch (id, type)
            {
                case (1, CompactType.I32):
                    numValues = reader.ReadI32();
                    break;
                case (2, CompactType.I32):
                    encoding = reader.ReadI32();
                    break;
                case (3, CompactType.I32):
                    definitionEncoding = reader.ReadI32();
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        return new DataPageHeaderV1(numValues, encoding, definitionEncoding);
    }

    private static DictionaryPageHeader DecodeDictionary(ref CompactProtocolReader reader)
    {
        int numValues = 0, encoding = 0;
        short lastId = 0;
        while (reader.ReadFieldHeader(ref lastId, out var id, out var type))
        {
            switch (id, type)
            {
                case (1, CompactType.I32):
                    numValues = reader.ReadI32();
                    break;
                case (2, CompactType.I32):
                    encoding = reader.ReadI32();
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        return new DictionaryPageHeader(numValues, encoding);
    }

    private static DataPageHeaderV2 DecodeV2(ref CompactProtocolReader reader)
    {
        int numValues = 0, numNulls = 0, numRows = 0, encoding = 0, definitionLength = 0, repetitionLength = 0;
        var isCompressed = true;
        short lastId = 0;
        while (reader.ReadFieldHeader(ref lastId, out var id, out var type))
        {
            switch (id, type)
            {
                case (1, CompactType.I32):
                    numValues = reader.ReadI32();
                    break;
                case (2, CompactType.I32):
                    numNulls = reader.ReadI32();
                    break;
                case (3, CompactType.I32):
                    numRows = reader.ReadI32();
                    break;
                case (4, CompactType.I32):
                    encoding = reader.ReadI32();
                    break;
                case (5, CompactType.I32):
                    definitionLength = reader.ReadI32();
                    break;
                case (6, CompactType.I32):
                    repetitionLength = reader.ReadI32();
                    break;
                case (7, CompactType.BooleanTrue or CompactType.BooleanFalse):
                    isCompressed = CompactProtocolReader.BoolFromType(type);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        return new DataPageHeaderV2(numValues, numNulls, numRows, encoding, definitionLength, repetitionLength, isCompressed);
    }
}
