using Microsoft.Extensions.Logging;

namespace Spaces.HuggingFace;

/// <summary>Log lines of the Hub client. URLs are logged without their query (signed CDN URLs); tokens never.</summary>
internal static partial class HubClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Following redirect {Hop} to {Location}; authorization {AuthorizationAction}")]
    public static partial void Redirect(ILogger logger, int hop, string location, string authorizationAction);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Hub request for {Target} failed (attempt {Attempt} of {MaxAttempts}); retrying in {DelayMs} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, string target, int attempt, int maxAttempts, double delayMs, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Resuming download of {Target} at byte {Offset}")]
    public static partial void Resuming(ILogger logger, string target, long offset);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Server did not honour the range request for {Target} (status {Status}, start {Start}); restarting from byte 0")]
    public static partial void RestartingDownload(ILogger logger, string target, int status, long? start);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Downloaded {Bytes} bytes of {Target}")]
    public static partial void Downloaded(ILogger logger, long bytes, string target);
}
