using Microsoft.Extensions.Logging;

namespace Spaces.Worker.Sdk;

/// <summary>Log messages of the worker SDK. Never logs the token.</summary>
internal static partial class SpacesWorkerLog
{
    [LoggerMessage(101, LogLevel.Information, "Connected to {HubUrl}")]
    public static partial void Connected(ILogger logger, string hubUrl);

    [LoggerMessage(102, LogLevel.Information, "Registered for space {SpaceName} ({SpaceId}) as connection {ConnectionId}")]
    public static partial void Registered(ILogger logger, string spaceName, string spaceId, string connectionId);

    [LoggerMessage(103, LogLevel.Warning, "Connection lost; reconnect attempt {Attempt} in {DelayMs} ms")]
    public static partial void Reconnecting(ILogger logger, int attempt, double delayMs, Exception? reason);

    [LoggerMessage(104, LogLevel.Debug, "Request {RequestId} received; {QueueLength} queued")]
    public static partial void RequestReceived(ILogger logger, string requestId, int queueLength);

    [LoggerMessage(105, LogLevel.Information, "Request {RequestId} cancelled by the server (running: {WasRunning})")]
    public static partial void RequestCancelled(ILogger logger, string requestId, bool wasRunning);

    [LoggerMessage(106, LogLevel.Warning, "The handler failed request {RequestId}")]
    public static partial void HandlerFailed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(107, LogLevel.Warning, "The server rejected {Method} for request {RequestId}: {Error}")]
    public static partial void OutcomeRejected(ILogger logger, string method, string requestId, string error);

    [LoggerMessage(113, LogLevel.Warning, "The server's storage is out: {Method} for request {RequestId} is sent again in {DelayMs} ms")]
    public static partial void OutcomeDeferred(ILogger logger, string method, string requestId, double delayMs);

    [LoggerMessage(108, LogLevel.Warning, "Could not send {Method} for request {RequestId}")]
    public static partial void OutcomeNotSent(ILogger logger, string method, string requestId, Exception exception);

    [LoggerMessage(109, LogLevel.Debug, "Request {RequestId} was cancelled; its result is discarded")]
    public static partial void ResultDiscarded(ILogger logger, string requestId);

    [LoggerMessage(110, LogLevel.Warning, "The server rejected a progress report: {Error}")]
    public static partial void ProgressRejected(ILogger logger, string error);

    [LoggerMessage(111, LogLevel.Error, "An event handler of the worker failed")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(112, LogLevel.Warning, "Registration refused after reconnect ({Refusal}); retrying")]
    public static partial void RetryingRefusedRegistration(ILogger logger, RegistrationRefusal refusal);
}
