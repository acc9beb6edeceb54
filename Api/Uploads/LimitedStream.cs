using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Uploads;

/// <summary>Reads through to an inner stream and refuses with <c>PayloadTooLarge</c> past a byte budget.</summary>
internal sealed class LimitedStream(Stream inner, long limit, string what) : Stream
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

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Ended |= read == 0 && buffer.Length > 0;
        Count(read);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Ended |= read == 0 && count > 0;
        Count(read);
        return read;
    }

    private void Count(int read)
    {
        BytesRead += read;
        if (BytesRead > limit)
        {
            throw TooLarge(what, limit);
        }
    }

    /// <summary>The refusal this stream throws, for callers that can tell from a declared length before reading.</summary>
    public static SpacesException TooLarge(string what, long limit) =>
        new(ErrorCode.PayloadTooLarge, $"{what} is larger than the limit of {limit} bytes");

    public override void Flush() => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
