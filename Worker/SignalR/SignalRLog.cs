using Microsoft.Extensions.Logging;

namespace Spaces.Worker.SignalR;

/// <summary>Log messages of the hand-written SignalR client. URLs are logged without their query, tokens never.</summary>
internal static partial class SignalRLog
{
    [LoggerMessage(1, LogLevel.Debug, "Connecting to {HubUrl}")]
    public static partial void Connecting(ILogger logger, string hubUrl);

    [LoggerMessage(2, LogLevel.Debug, "Connected to {HubUrl} as {ConnectionId}")]
    public static partial void Connected(ILogger logger, string hubUrl, string connectionId);

    [LoggerMessage(3, LogLevel.Debug, "Negotiate redirected to {HubUrl}")]
    public static partial void NegotiateRedirected(ILogger logger, string hubUrl);

    [LoggerMessage(4, LogLevel.Debug, "Connection {ConnectionId} closed (by client: {ClosedByClient}, allow reconnect: {AllowReconnect})")]
    public static partial void ConnectionClosed(ILogger logger, string? connectionId, bool closedByClient, bool allowReconnect, Exception? error);

    [LoggerMessage(5, LogLevel.Warning, "The server closed the connection with an error: {Error}")]
    public static partial void ServerClosedWithError(ILogger logger, string error);

    [LoggerMessage(6, LogLevel.Warning, "The server invoked '{Target}', which has no handler")]
    public static partial void NoHandler(ILogger logger, string target);

    [LoggerMessage(7, LogLevel.Error, "The handler of '{Target}' failed")]
    public static partial void HandlerFailed(ILogger logger, string target, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "Could not send the result of '{Target}' to the server")]
    public static partial void ReplyFailed(ILogger logger, string target, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "The server completed invocation {InvocationId}, which is not pending")]
    public static partial void UnexpectedCompletion(ILogger logger, string invocationId);

    [LoggerMessage(10, LogLevel.Warning, "Nothing received from the server for {TimeoutMs} ms; closing the connection")]
    public static partial void ServerTimedOut(ILogger logger, double timeoutMs);

    [LoggerMessage(11, LogLevel.Trace, "Ignored a hub message of type {Type}")]
    public static partial void IgnoredMessage(ILogger logger, int type);

    [LoggerMessage(12, LogLevel.Debug, "Could not close the connection gracefully")]
    public static partial void GracefulCloseFailed(ILogger logger, Exception exception);

    [LoggerMessage(13, LogLevel.Error, "A Closed handler failed")]
    public static partial void ClosedHandlerFailed(ILogger logger, Exception exception);
}
