using Spaces.Parquet.Format;
using Spaces.Parquet.Thrift;

namespace Spaces.Parquet.Reading;

/// <summary>
/// Reads one column chunk page by page from the shared stream: it seeks to its own offset before every read,
/// so several chunks of a row group can be interleaved. Holds only the current page and the dictionary.
/// </summary>
internal sealed class ColumnChunkReader(Stream stream, ColumnChunkMetadata chunk, ParquetColumn column)
{
    private const int InitialHeaderBufferSize = 256;

    private readonly long _end = chunk.StartOffset + chunk.TotalCompressedSize;
    private long _offset = chunk.StartOffset;
    private long _valuesLeft = chunk.NumValues;
    private byte[] _headerBuffer = new byte[InitialHeaderBufferSize];
    private byte[] _pageBuffer = [];
    private object?[]? _dictionary;
    private long _dictionaryBytes;
    private long _decodedBytes;

    public ParquetColumn Column { get; } = column;

    /// <summary>Decoded values of the current page; <see cref="Position"/> is the next one to hand out.</summary>
    public object?[] Values { get; private set; } = [];

    public int Position { get; set; }

    public int Available => Values.Length - Position;

    public long PagesRead { get; private set; }

    /// <summary>Bytes this chunk currently holds: reused read buffers, the last decompressed page and the dictionary.</summary>
    public long BufferedBytes => _headerBuffer.Length + _pageBuffer.Length + _decodedBytes + _dictionaryBytes + (long)Values.Length * IntPtr.Size;

    /// <summary>Loads the next data page (reading any dictionary page first); false when the chunk has no more pages.</summary>
    public async ValueTask<bool> ReadNextPageAsync(CancellationToken cancellationToken)
    {
        while (await ReadHeaderAsync(cancellationToken) is { } page)
        {
            if (await LoadPageAsync(page, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Skips rows; whole data pages are passed over without being read or decompressed.</summary>
    public async ValueTask SkipRowsAsync(long rows, CancellationToken cancellationToken)
    {
        while (rows > 0)
        {
            if (Available > 0)
            {
                var take = (int)Math.Min(rows, Available);
                Position += take;
                rows -= take;
                continue;
            }

            var page = await ReadHeaderAsync(cancellationToken) ?? throw RanOut();
            var pageRows = page.Header.DataPage?.NumValues ?? page.Header.DataPageV2?.NumRows;
            if (pageRows is { } count && count <= rows)
            {
                _offset = page.BodyOffset + page.Header.CompressedSize;
                _valuesLeft -= count;
                rows -= count;
                continue;
            }

            await LoadPageAsync(page, cancellationToken);
        }
    }

    public ParquetFormatException RanOut() =>
        new($"Parquet: column '{Column.Name}' ends before the row group's last row (file is truncated or corrupt)");

    private async ValueTask<bool> LoadPageAsync(PageWithOffset page, CancellationToken cancellationToken)
    {
        var header = page.Header;
        var body = await ReadBodyAsync(page, cancellationToken);
        try
        {
            switch (header.Type)
            {
                case PageType.DictionaryPage:
                    var dictionaryHeader = header.DictionaryPage ?? throw FileMetadataDecoder.Missing("PageHeader.dictionary_page_header");
                    _dictionary = DataPageDecoder.DecodeDictionary(dictionaryHeader, chunk.Codec, body, header.UncompressedSize, Column);
                    _dictionaryBytes = header.UncompressedSize + (long)_dictionary.Length * IntPtr.Size;
                    return false;
                case PageType.DataPage:
                    var v1 = header.DataPage ?? throw FileMetadataDecoder.Missing("PageHeader.data_page_header");
                    CheckCount(v1.NumValues);
                    SetValues(DataPageDecoder.DecodeV1(v1, chunk.Codec, body, header.UncompressedSize, Column, _dictionary), header);
                    return true;
                case PageType.DataPageV2:
                    var v2 = header.DataPageV2 ?? throw FileMetadataDecoder.Missing("PageHeader.data_page_header_v2");
                    CheckCount(v2.NumValues);
                    SetValues(DataPageDecoder.DecodeV2(v2, chunk.Codec, body, header.UncompressedSize, Column, _dictionary), header);
                    return true;
                default:
                    return false; // index pages carry nothing a row reader needs
            }
        }
        catch (Exception e) when (e is not (ParquetFormatException or ParquetNotSupportedException or OperationCanceledException))
        {
            throw new ParquetFormatException(
                $"Parquet: page at offset {page.BodyOffset} of column '{Column.Name}' is corrupt: {e.Message}", e);
        }
    }

    private void SetValues(object?[] values, PageHeader header)
    {
        Values = values;
        Position = 0;
        PagesRead++;
        _valuesLeft -= values.Length;
        _decodedBytes = header.UncompressedSize;
    }

    // A corrupt count must not turn into a huge allocation: a page cannot hold more values than its chunk.
    private void CheckCount(int count)
    {
        if (count > _valuesLeft)
        {
            throw new ParquetFormatException(
                $"Parquet: a page of column '{Column.Name}' claims {count} values but its chunk has only {_valuesLeft} left");
        }
    }

    private async ValueTask<PageWithOffset?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var available = _end - _offset;
        if (available <= 0)
        {
            return null;
        }

        var size = (int)Math.Min(available, _headerBuffer.Length);
        while (true)
        {
            await ReadAtAsync(_offset, _headerBuffer.AsMemory(0, size), cancellationToken);
            PageHeader header;
            int headerLength;
            try
            {
                header = PageHeaderDecoder.Decode(_headerBuffer.AsSpan(0, size), out headerLength);
            }
            catch (ThriftTruncatedException) when (size < available)
            {
                // Headers with large statistics can exceed the guess: grow and read again.
                size = (int)Math.Min(available, (long)size * 4);
                _headerBuffer = new byte[size];
                continue;
            }
            catch (Exception e) when (e is ThriftTruncatedException or ParquetFormatException)
            {
                throw new ParquetFormatException($"Parquet: page header at offset {_offset} of column '{Column.Name}' is corrupt or truncated", e);
            }

            if (header.CompressedSize > _end - _offset - headerLength)
            {
                throw new ParquetFormatException($"Parquet: a page of column '{Column.Name}' extends past its column chunk");
            }

            return new PageWithOffset(header, _offset + headerLength);
        }
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadBodyAsync(PageWithOffset page, CancellationToken cancellationToken)
    {
        var length = page.Header.CompressedSize;
        if (_pageBuffer.Length < length)
        {
            _pageBuffer = new byte[length];
        }

        var body = _pageBuffer.AsMemory(0, length);
        await ReadAtAsync(page.BodyOffset, body, cancellationToken);
        _offset = page.BodyOffset + length;
        return body;
    }

    private async ValueTask ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        stream.Position = offset;
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken);
        }
        catch (EndOfStreamException e)
        {
            throw new ParquetFormatException($"Parquet: the file ends inside column '{Column.Name}' (truncated)", e);
        }
    }

    private readonly record struct PageWithOffset(PageHeader Header, long BodyOffset);
}
