namespace Spaces.Silo.Blobs;

/// <summary>
/// A forward-only read-through stream that counts bytes, so a streamed upload knows its length without buffering.
/// Subclasses see every read in <see cref="OnRead"/> (the upload limits refuse there).
/// </summary>
public class CountingReadStream(Stream inner) : Stream
{
    public long BytesRead { get; private set; }

    /// <summary>The inner stream has ended: a reader that then fails on a short body met a client's mistake, not ours.</summary>
    public bool Ended { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(count, inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(buffer.Length, inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(buffer.Length, await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Called after each read with the running total already updated.</summary>
    protected virtual void OnRead(int read)
    {
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Counted(int requested, int read)
    {
        BytesRead += read;
        Ended |= read == 0 && requested > 0;
        OnRead(read);
        return read;
    }
}
