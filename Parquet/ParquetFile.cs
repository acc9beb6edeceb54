using System.Buffers.Binary;
using Spaces.Parquet.Format;
using Spaces.Parquet.Thrift;

namespace Spaces.Parquet;

/// <summary>
/// A Parquet file on a seekable stream (a file or a blob). Opening reads only the footer; rows are then streamed
/// row group by row group and page by page. One read at a time per instance, because reads share the stream position.
/// </summary>
public sealed partial class ParquetFile : IAsyncDisposable
{
    private const int MagicLength = 4;
    private const int FooterTailLength = 8; // 4-byte footer length + "PAR1"
    private static readonly byte[] Magic = "PAR1"u8.ToArray();
    private static readonly byte[] EncryptedMagic = "PARE"u8.ToArray();

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly FileMetadata _metadata;

    private ParquetFile(Stream stream, bool leaveOpen, FileMetadata metadata, ParquetSchema schema)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _metadata = metadata;
        Schema = schema;
        RowGroups = metadata.RowGroups
            .Select((group, index) => new ParquetRowGroupInfo(index, group.NumRows, group.Columns.Sum(c => c.TotalCompressedSize)))
            .ToArray();
    }

    public ParquetSchema Schema { get; }

    public long NumRows => _metadata.NumRows;

    public IReadOnlyList<ParquetRowGroupInfo> RowGroups { get; }

    public string? CreatedBy => _metadata.CreatedBy;

    /// <summary>Statistics of the current or most recent <see cref="ReadRowsAsync"/>.</summary>
    public ParquetReadStatistics ReadStatistics { get; private set; } = new();

    public static async Task<ParquetFile> OpenFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
        try
        {
            return await OpenAsync(stream, leaveOpen: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads the footer and schema. The stream must be readable and seekable.</summary>
    public static async Task<ParquetFile> OpenAsync(Stream stream, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("Parquet: the stream must be readable and seekable", nameof(stream));
        }

        var length = stream.Length;
        if (length < MagicLength + FooterTailLength)
        {
            throw new ParquetFormatException($"Parquet: the file is {length} bytes, too short to be Parquet (truncated?)");
        }

        var head = await ReadAtAsync(stream, 0, MagicLength, cancellationToken).ConfigureAwait(false);
        var tail = await ReadAtAsync(stream, length - FooterTailLength, FooterTailLength, cancellationToken).ConfigureAwait(false);
        if (tail.AsSpan(MagicLength).SequenceEqual(EncryptedMagic))
        {
            throw new ParquetNotSupportedException("encryption", "Parquet: files with an encrypted footer are not supported");
        }

        if (!head.AsSpan().SequenceEqual(Magic))
        {
            throw new ParquetFormatException("Parquet: the file does not start with the PAR1 magic; it is not a Parquet file");
        }

        if (!tail.AsSpan(MagicLength).SequenceEqual(Magic))
        {
            throw new ParquetFormatException("Parquet: the file does not end with the PAR1 magic; it is truncated or not a Parquet file");
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        var footerStart = length - FooterTailLength - footerLength;
        if (footerLength <= 0 || footerStart < MagicLength)
        {
            throw new ParquetFormatException($"Parquet: footer length {footerLength} does not fit in a {length}-byte file");
        }

        var footer = await ReadAtAsync(stream, footerStart, footerLength, cancellationToken).ConfigureAwait(false);
        FileMetadata metadata;
        try
        {
            metadata = FileMetadataDecoder.Decode(footer);
        }
        catch (ThriftTruncatedException e)
        {
            throw new ParquetFormatException("Parquet: the footer metadata is truncated or corrupt", e);
        }

        var schema = SchemaBuilder.Build(metadata.Schema);
        Validate(metadata, schema, footerStart);
        return new ParquetFile(stream, leaveOpen, metadata, schema);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Checked once here so page reads can trust offsets: every chunk must lie between the magic and the footer.
    private static void Validate(FileMetadata metadata, ParquetSchema schema, long footerStart)
    {
        var leaves = schema.Columns.Select(c => c.LeafIndex).DefaultIfEmpty(-1).Max() + 1;
        foreach (var group in metadata.RowGroups)
        {
            if (group.NumRows < 0 || group.Columns.Count < leaves)
            {
                throw new ParquetFormatException($"Parquet: a row group has {group.Columns.Count} column chunks; the schema needs {leaves}");
            }

            foreach (var chunk in group.Columns)
            {
                if (chunk.StartOffset < MagicLength || chunk.TotalCompressedSize < 0
                    || chunk.StartOffset + chunk.TotalCompressedSize > footerStart)
                {
                    throw new ParquetFormatException(
                        $"Parquet: column chunk '{string.Join('.', chunk.PathInSchema)}' lies outside the file's data (truncated or corrupt)");
                }
            }
        }
    }

    private static async Task<byte[]> ReadAtAsync(Stream stream, long offset, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        stream.Position = offset;
        await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer;
    }
}
