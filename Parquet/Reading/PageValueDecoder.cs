using System.Buffers;
using System.Buffers.Binary;
using Spaces.Parquet.Encodings;
using Spaces.Parquet.Format;

namespace Spaces.Parquet.Reading;

/// <summary>
/// Decodes the values section of a data page (PLAIN, RLE booleans, dictionary indices) and places nulls
/// according to the definition levels. Output is one boxed value per row of the page.
/// </summary>
internal static class PageValueDecoder
{
    /// <param name="definitionLevels">One level per row (0 = null, 1 = present), or empty for a required column.</param>
    public static object?[] Decode(
        int encoding, ReadOnlySpan<byte> data, ParquetColumn column, object?[]? dictionary, ReadOnlySpan<int> definitionLevels, int count)
    {
        var nonNull = count;
        if (!definitionLevels.IsEmpty)
        {
            nonNull = count - definitionLevels.Count(0);
        }

        var values = new object?[count];
        var dense = values.AsSpan(0, nonNull);
        switch (encoding)
        {
            case EncodingIds.Plain:
                PlainDecoder.Decode(data, column, dense);
                break;
            case EncodingIds.PlainDictionary or EncodingIds.RleDictionary:
                DecodeDictionaryIndices(data, column, dictionary, dense);
                break;
            case EncodingIds.Rle when column.PhysicalType == ParquetPhysicalType.Boolean:
                DecodeRleBooleans(data, dense);
                break;
            default:
                var name = FormatNames.Encoding(encoding);
                throw new ParquetNotSupportedException(
                    name, $"Parquet: column '{column.Name}' uses encoding {name}, which is not supported");
        }

        if (nonNull < count)
        {
            SpreadNulls(values, nonNull, definitionLevels);
        }

        return values;
    }

    // Dense values sit at the front; walking backwards moves each to its row without a second array.
    private static void SpreadNulls(object?[] values, int nonNull, ReadOnlySpan<int> definitionLevels)
    {
        var source = nonNull - 1;
        for (var row = values.Length - 1; row >= 0; row--)
        {
            values[row] = definitionLevels[row] != 0 ? values[source--] : null;
        }
    }

    private static void DecodeDictionaryIndices(ReadOnlySpan<byte> data, ParquetColumn column, object?[]? dictionary, Span<object?> output)
    {
        if (dictionary is null)
        {
            throw new ParquetFormatException($"Parquet: column '{column.Name}' has dictionary-encoded values but no dictionary page");
        }

        if (output.IsEmpty)
        {
            return;
        }

        if (data.IsEmpty)
        {
            throw new ParquetFormatException($"Parquet: dictionary indices of column '{column.Name}' are missing");
        }

        var indices = ArrayPool<int>.Shared.Rent(output.Length);
        try
        {
            var span = indices.AsSpan(0, output.Length);
            RleBitPackedHybridDecoder.Decode(data[1..], data[0], span);
            for (var i = 0; i < span.Length; i++)
            {
                var index = span[i];
                if ((uint)index >= (uint)dictionary.Length)
                {
                    throw new ParquetFormatException(
                        $"Parquet: dictionary index {index} of column '{column.Name}' is outside the dictionary of {dictionary.Length}");
                }

                output[i] = dictionary[index];
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
        }
    }

    private static void DecodeRleBooleans(ReadOnlySpan<byte> data, Span<object?> output)
    {
        if (data.Length < 4)
        {
            throw new ParquetFormatException("Parquet: RLE boolean data is truncated");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (length < 0 || length > data.Length - 4)
        {
            throw new ParquetFormatException("Parquet: RLE boolean data is truncated");
        }

        var bits = ArrayPool<int>.Shared.Rent(output.Length);
        try
        {
            var span = bits.AsSpan(0, output.Length);
            RleBitPackedHybridDecoder.Decode(data.Slice(4, length), 1, span);
            for (var i = 0; i < span.Length; i++)
            {
                output[i] = Boxed.Bool(span[i] != 0);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(bits);
        }
    }
}
