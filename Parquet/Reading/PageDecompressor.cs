using System.IO.Compression;
using Spaces.Parquet.Format;

namespace Spaces.Parquet.Reading;

/// <summary>Page codecs: UNCOMPRESSED, SNAPPY (IronSnappy) and GZIP (System.IO.Compression). Others are rejected by name.</summary>
internal static class PageDecompressor
{
    public static void EnsureSupported(int codec, string columnName)
    {
        if (codec is not (CodecIds.Uncompressed or CodecIds.Snappy or CodecIds.Gzip))
        {
            var name = FormatNames.Codec(codec);
            throw new ParquetNotSupportedException(
                name, $"Parquet: column '{columnName}' is compressed with {name}, which is not supported (use UNCOMPRESSED, SNAPPY or GZIP)");
        }
    }

    /// <summary>Returns the page body decompressed; UNCOMPRESSED returns the input itself.</summary>
    public static ReadOnlyMemory<byte> Decompress(int codec, ReadOnlyMemory<byte> compressed, int uncompressedSize)
    {
        var output = codec switch
        {
            CodecIds.Uncompressed => compressed,
            CodecIds.Snappy => IronSnappy.Snappy.Decode(compressed.Span),
            CodecIds.Gzip => Gunzip(compressed, uncompressedSize),
            _ => throw new ParquetNotSupportedException(FormatNames.Codec(codec), $"Parquet: codec {FormatNames.Codec(codec)} is not supported"),
        };
        if (output.Length != uncompressedSize)
        {
            throw new ParquetFormatException(
                $"Parquet: page decompressed to {output.Length} bytes but its header says {uncompressedSize}");
        }

        return output;
    }

    private static byte[] Gunzip(ReadOnlyMemory<byte> compressed, int uncompressedSize)
    {
        var output = new byte[uncompressedSize];
        using var source = new MemoryStream(compressed.ToArray(), writable: false);
        using var gzip = new GZipStream(source, CompressionMode.Decompress);
        var total = 0;
        int read;
        while (total < output.Length && (read = gzip.Read(output, total, output.Length - total)) > 0)
        {
            total += read;
        }

        // One more byte available means the header understated the size.
        if (total < output.Length || gzip.ReadByte() >= 0)
        {
            throw new ParquetFormatException($"Parquet: GZIP page does not decompress to the {uncompressedSize} bytes its header says");
        }

        return output;
    }
}
