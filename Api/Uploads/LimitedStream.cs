using Spaces.Grains.Abstractions.Errors;
using Spaces.Silo.Blobs;

namespace Spaces.Api.Uploads;

/// <summary>Reads through to an inner stream and refuses with <c>PayloadTooLarge</c> past a byte budget.</summary>
internal sealed class LimitedStream(Stream inner, long limit, string what) : CountingReadStream(inner)
{
    protected override void OnRead(int read)
    {
        if (BytesRead > limit)
        {
            throw TooLarge(what, limit);
        }
    }

    /// <summary>The refusal this stream throws, for callers that can tell from a declared length before reading.</summary>
    public static SpacesException TooLarge(string what, long limit) =>
        new(ErrorCode.PayloadTooLarge, $"{what} is larger than the limit of {limit} bytes");
}
