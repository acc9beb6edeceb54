using System.Buffers;
using System.Buffers.Binary;
using Spaces.Parquet.Encodings;
using Spaces.Parquet.Format;

namespace Spaces.Parquet.Reading;

/// <summary>
/// Splits data pages into definition levels and values. V1 compresses the whole body and prefixes RLE levels
/// with their byte length; V2 keeps levels uncompressed in front, sized by the header, and may leave values uncompressed.
/// </summary>
internal static class DataPageDecoder
{
    private const int MaxDefinitionLevelBitWidth = 1;

    public static object?[] DecodeV1(
        DataPageHeaderV1 header, int codec, ReadOnlyMemory<byte> raw, int uncompressedSize, ParquetColumn column, object?[]? dictionary)
    {
        var body = PageDecompressor.Decompress(codec, raw, uncompressedSize).Span;
        var count = RequireCount(header.NumValues, column);
        if (!column.IsNullable)
        {
            return PageValueDecoder.Decode(header.Encoding, body, column, dictionary, [], count);
        }

        if (header.DefinitionLevelEncoding != EncodingIds.Rle)
        {
            var name = FormatNames.Encoding(header.DefinitionLevelEncoding);
            throw new ParquetNotSupportedException(
                name, $"Parquet: column '{column.Name}' encodes definition levels with {name}, which is not supported");
        }

        if (body.Length < 4)
        {
            throw new ParquetFormatException($"Parquet: definition levels of column '{column.Name}' are truncated");
        }

        var levelsLength = BinaryPrimitives.ReadInt32LittleEndian(body);
        if (levelsLength < 0 || levelsLength > body.Length - 4)
        {
            throw new ParquetFormatException($"Parquet: definition levels of column '{column.Name}' are truncated");
        }

        return DecodeWithLevels(header.Encoding, body.Slice(4, levelsLength), body[(4 + levelsLength)..], column, dictionary, count);
    }

    public static object?[] DecodeV2(
        DataPageHeaderV2 header, int codec, ReadOnlyMemory<byte> raw, int uncompressedSize, ParquetColumn column, object?[]? dictionary)
    {
        var count = RequireCount(header.NumValues, column);
        var levelsLength = (long)header.RepetitionLevelsByteLength + header.DefinitionLevelsByteLength;
        if (header.RepetitionLevelsByteLength < 0 || header.DefinitionLevelsByteLength < 0
            || levelsLength > raw.Length || levelsLength > uncompressedSize)
        {
            throw new ParquetFormatException($"Parquet: level lengths of a V2 page of column '{column.Name}' exceed the page");
        }

        var levels = raw.Span.Slice(header.RepetitionLevelsByteLength, header.DefinitionLevelsByteLength);
        var valuesRaw = raw[(int)levelsLength..];
        var valuesSize = uncompressedSize - (int)levelsLength;
        var values = header.IsCompressed
            ? PageDecompressor.Decompress(codec, valuesRaw, valuesSize).Span
            : valuesRaw.Span;
        if (!column.IsNullable || (levels.IsEmpty && header.NumNulls == 0))
        {
            return PageValueDecoder.Decode(header.Encoding, values, column, dictionary, [], count);
        }

        return DecodeWithLevels(header.Encoding, levels, values, column, dictionary, count);
    }

    public static object?[] DecodeDictionary(
        DictionaryPageHeader header, int codec, ReadOnlyMemory<byte> raw, int uncompressedSize, ParquetColumn column)
    {
        if (header.Encoding is not (EncodingIds.Plain or EncodingIds.PlainDictionary))
        {
            var name = FormatNames.Encoding(header.Encoding);
            throw new ParquetNotSupportedException(
                name, $"Parquet: dictionary page of column '{column.Name}' uses encoding {name}, which is not supported");
        }

        var body = PageDecompressor.Decompress(codec, raw, uncompressedSize).Span;
        var dictionary = new object?[RequireCount(header.NumValues, column)];
        PlainDecoder.Decode(body, column, dictionary);
        return dictionary;
    }

    private static object?[] DecodeWithLevels(
        int encoding, ReadOnlySpan<byte> levels, ReadOnlySpan<byte> values, ParquetColumn column, object?[]? dictionary, int count)
    {
        var definitionLevels = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var span = definitionLevels.AsSpan(0, count);
            RleBitPackedHybridDecoder.Decode(levels, MaxDefinitionLevelBitWidth, span);
            return PageValueDecoder.Decode(encoding, values, column, dictionary, span, count);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(definitionLevels);
        }
    }

    private static int RequireCount(int count, ParquetColumn column) =>
        count >= 0 ? count : throw new ParquetFormatException($"Parquet: a page of column '{column.Name}' has a negative value count");
}
