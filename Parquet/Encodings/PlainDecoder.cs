using System.Buffers.Binary;
using System.Text;

namespace Spaces.Parquet.Encodings;

/// <summary>Decodes PLAIN-encoded values (little-endian fixed widths; BYTE_ARRAY as 4-byte length + bytes) into boxed values.</summary>
internal static class PlainDecoder
{
    public static void Decode(ReadOnlySpan<byte> data, ParquetColumn column, Span<object?> output)
    {
        switch (column.PhysicalType)
        {
            case ParquetPhysicalType.Boolean:
                DecodeBooleans(data, output);
                break;
            case ParquetPhysicalType.Int32:
                Require(data, output.Length, 4, column);
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]);
                }

                break;
            case ParquetPhysicalType.Int64:
                Require(data, output.Length, 8, column);
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]);
                }

                break;
            case ParquetPhysicalType.Float:
                Require(data, output.Length, 4, column);
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
                }

                break;
            case ParquetPhysicalType.Double:
                Require(data, output.Length, 8, column);
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
                }

                break;
            case ParquetPhysicalType.ByteArray:
                DecodeByteArrays(data, column, output);
                break;
            case ParquetPhysicalType.FixedLenByteArray:
                var width = column.TypeLength ?? throw new ParquetFormatException(
                    $"Parquet: FIXED_LEN_BYTE_ARRAY column '{column.Name}' has no type_length");
                Require(data, output.Length, width, column);
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = data.Slice(i * width, width).ToArray();
                }

                break;
            default:
                throw new ParquetNotSupportedException(
                    column.PhysicalType.ToString(), $"Parquet: physical type {column.PhysicalType} is not supported");
        }
    }

    private static void DecodeBooleans(ReadOnlySpan<byte> data, Span<object?> output)
    {
        if ((output.Length + 7) / 8 > data.Length)
        {
            throw new ParquetFormatException("Parquet: PLAIN boolean data is truncated");
        }

        for (var i = 0; i < output.Length; i++)
        {
            output[i] = Boxed.Bool((data[i >> 3] >> (i & 7) & 1) == 1);
        }
    }

    private static void DecodeByteArrays(ReadOnlySpan<byte> data, ParquetColumn column, Span<object?> output)
    {
        var position = 0;
        for (var i = 0; i < output.Length; i++)
        {
            if (position + 4 > data.Length)
            {
                throw Truncated(column);
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(data[position..]);
            position += 4;
            if (length < 0 || length > data.Length - position)
            {
                throw Truncated(column);
            }

            var bytes = data.Slice(position, length);
            output[i] = column.IsString ? Encoding.UTF8.GetString(bytes) : bytes.ToArray();
            position += length;
        }
    }

    private static void Require(ReadOnlySpan<byte> data, int count, int width, ParquetColumn column)
    {
        if ((long)count * width > data.Length)
        {
            throw Truncated(column);
        }
    }

    private static ParquetFormatException Truncated(ParquetColumn column) =>
        new($"Parquet: PLAIN values of column '{column.Name}' are truncated");
}
