using System.Net;
using System.Text.RegularExpressions;

namespace Spaces.Worker.SignalR;

/// <summary>The hub method failed on the server; <see cref="Exception.Message"/> is the server's error text.</summary>
public sealed partial class HubInvocationException : Exception
{
    public HubInvocationException(string target, string serverMessage)
        : base(serverMessage)
    {
        Target = target;
    }

    /// <summary>The hub method that was invoked.</summary>
    public string Target { get; }

    /// <summary>
    /// The part of the server's text after the exception type the server prepends
    /// ("An unexpected error occurred invoking 'X' on the server. HubException: Space not found: A" → "Space not found: A").
    /// </summary>
    public string Detail => ExtractDetail(Message);

    private static string ExtractDetail(string message) =>
        ServerErrorPrefix().Match(message) is { Success: true } match ? match.Groups["detail"].Value : message;

    // The SignalR server's wording for a HubException (or any exception with detailed errors on).
    [GeneratedRegex(@"^An unexpected error occurred invoking '[^']*' on the server\. (?:\w*Exception: )?(?<detail>.*)$", RegexOptions.Singleline)]
    private static partial Regex ServerErrorPrefix();
}

/// <summary>The connection could not be established (negotiate, WebSocket upgrade or handshake failed).</summary>
public sealed class HubConnectionException : Exception
{
    public HubConnectionException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status that refused the connection, when there was one (401 for a wrong token).</summary>
    public HttpStatusCode? StatusCode { get; }
}

/// <summary>An invocation could not finish because the connection ended; the inner exception is the reason, when known.</summary>
public sealed class HubConnectionClosedException : Exception
{
    public HubConnectionClosedException(string message, Exception? reason = null)
        : base(message, reason)
    {
    }
}
