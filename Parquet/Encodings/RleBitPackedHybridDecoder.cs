namespace Spaces.Parquet.Encodings;

/// <summary>
/// Decodes the RLE / bit-packed hybrid encoding (Encodings.md) used for definition levels, RLE booleans and
/// dictionary indices: runs of "varint header; header&amp;1 = 0 → repeated value, 1 → groups of 8 bit-packed values".
/// </summary>
internal static class RleBitPackedHybridDecoder
{
    /// <summary>Fills <paramref name="output"/> completely; returns the number of input bytes consumed.</summary>
    public static int Decode(ReadOnlySpan<byte> input, int bitWidth, Span<int> output)
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new ParquetFormatException($"Parquet: RLE bit width {bitWidth} is out of range");
        }

        var position = 0;
        var written = 0;
        var valueBytes = (bitWidth + 7) / 8;
        while (written < output.Length)
        {
            var header = ReadVarint(input, ref position);
            if ((header & 1) == 0)
            {
                var runLength = (int)Math.Min(header >> 1, (ulong)(output.Length - written));
                var value = ReadRunValue(input, ref position, valueBytes);
                output.Slice(written, runLength).Fill(value);
                written += runLength;
            }
            else
            {
                var values = (long)(header >> 1) * 8;
                var byteCount = (int)Math.Min((long)(header >> 1) * bitWidth, input.Length - position);
                var take = (int)Math.Min(values, output.Length - written);
                UnpackBits(input.Slice(position, byteCount), bitWidth, output.Slice(written, take));
                position += byteCount;
                written += take;
            }
        }

        return position;
    }

    /// <summary>Unpacks little-endian, least-significant-bit-first packed values (also PLAIN booleans with width 1).</summary>
    public static void UnpackBits(ReadOnlySpan<byte> packed, int bitWidth, Span<int> output)
    {
        if (bitWidth == 0)
        {
            output.Clear();
            return;
        }

        if ((long)output.Length * bitWidth > (long)packed.Length * 8)
        {
            throw new ParquetFormatException("Parquet: bit-packed run is truncated");
        }

        var mask = bitWidth == 32 ? uint.MaxValue : (1u << bitWidth) - 1;
        ulong buffer = 0;
        var bitsInBuffer = 0;
        var inputIndex = 0;
        for (var i = 0; i < output.Length; i++)
        {
            while (bitsInBuffer < bitWidth)
            {
                buffer |= (ulong)packed[inputIndex++] << bitsInBuffer;
                bitsInBuffer += 8;
            }

            output[i] = (int)((uint)buffer & mask);
            buffer >>= bitWidth;
            bitsInBuffer -= bitWidth;
        }
    }

    private static int ReadRunValue(ReadOnlySpan<byte> input, ref int position, int valueBytes)
    {
        if (position + valueBytes > input.Length)
        {
            throw new ParquetFormatException("Parquet: RLE run is truncated");
        }

        var value = 0;
        for (var i = 0; i < valueBytes; i++)
        {
            value |= input[position + i] << (8 * i);
        }

        position += valueBytes;
        return value;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> input, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= input.Length)
            {
                throw new ParquetFormatException("Parquet: RLE data ends before all values were decoded");
            }

            var b = input[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new ParquetFormatException("Parquet: RLE run header is longer than 10 bytes");
    }
}
