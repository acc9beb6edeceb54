using System.Net;

namespace Spaces.Worker.Sdk;

/// <summary>The hub connection could not be established: the host is unreachable, or it refused the WebSocket upgrade.</summary>
public sealed class WorkerConnectionException : Exception
{
    public WorkerConnectionException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status that refused the upgrade, when there was one (401 for a wrong or revoked token).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>A wrong or revoked token: reconnecting with it cannot help.</summary>
    public bool IsTokenRejected => StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
