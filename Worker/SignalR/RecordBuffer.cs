namespace Spaces.Worker.SignalR;

/// <summary>
/// Accumulates bytes received from the WebSocket and yields complete 0x1E-terminated records.
/// A frame may hold several records and a record may span several frames, so framing is never assumed.
/// </summary>
internal sealed class RecordBuffer(int maximumRecordSize)
{
    public const byte RecordSeparator = 0x1E;

    private byte[] _buffer = new byte[16 * 1024];
    private int _start; // first unread byte
    private int _end; // one past the last written byte
    private int _scanned; // bytes after _start already known to hold no separator

    /// <summary>Free space to receive into; at least <paramref name="sizeHint"/> bytes.</summary>
    public Memory<byte> GetWriteMemory(int sizeHint)
    {
        if (_buffer.Length - _end < sizeHint)
        {
            MakeRoom(sizeHint);
        }

        return _buffer.AsMemory(_end);
    }

    public void Advance(int count)
    {
        _end += count;
        if (_end - _start > maximumRecordSize && IndexOfSeparator() < 0)
        {
            throw new InvalidDataException($"A message from the server exceeds the maximum size of {maximumRecordSize} bytes.");
        }
    }

    /// <summary>The next complete record without its separator. The memory is valid until the next write.</summary>
    public bool TryReadRecord(out ReadOnlyMemory<byte> record)
    {
        var index = IndexOfSeparator();
        if (index < 0)
        {
            record = ReadOnlyMemory<byte>.Empty;
            return false;
        }

        record = _buffer.AsMemory(_start, index);
        _start += index + 1;
        _scanned = 0;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        return true;
    }

    private int IndexOfSeparator()
    {
        var unscanned = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned);
        var index = unscanned.IndexOf(RecordSeparator);
        if (index < 0)
        {
            _scanned = _end - _start;
            return -1;
        }

        return _scanned + index;
    }

    private void MakeRoom(int sizeHint)
    {
        var used = _end - _start;
        var target = _buffer;
        if (used + sizeHint > _buffer.Length)
        {
            target = new byte[Math.Max(_buffer.Length * 2, used + sizeHint)];
        }

        Buffer.BlockCopy(_buffer, _start, target, 0, used);
        _buffer = target;
        _start = 0;
        _end = used;
    }
}
