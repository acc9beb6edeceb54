using System.Net;

namespace Spaces.HuggingFace;

/// <summary>
/// A Hub call failed for a reason the user can act on. Named so it does not clash with SignalR's HubException.
/// Messages never contain the token.
/// </summary>
public sealed class HuggingFaceException : Exception
{
    public HuggingFaceException(HuggingFaceErrorKind kind, string message, HttpStatusCode? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        StatusCode = statusCode;
    }

    public HuggingFaceErrorKind Kind { get; }

    /// <summary>The HTTP status that caused the error, when one did.</summary>
    public HttpStatusCode? StatusCode { get; }
}
