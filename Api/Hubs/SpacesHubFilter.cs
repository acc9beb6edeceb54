using Microsoft.AspNetCore.SignalR;
using Spaces.Api.Errors;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Silo.Storage;

namespace Spaces.Api.Hubs;

/// <summary>
/// Typed refusals reach hub clients as their human message and are not errors of the server, so they are not
/// logged as such. Anything else is logged here, once, and stays a generic hub error for the client. A call on a
/// cookie connection whose session has ended (on another host) is refused and the connection closed.
/// </summary>
public sealed partial class SpacesHubFilter(HubSessions sessions, ILogger<SpacesHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (!await sessions.CheckAsync(invocationContext.Context))
        {
            throw new HubException("Your session has ended. Sign in again.");
        }
        try
        {
            return await next(invocationContext);
        }
        catch (SpacesException e)
        {
            Log.Refused(logger, invocationContext.HubMethodName, e.Code);
            throw new HubException(e.Detail);
        }
        catch (Exception e) when (ClusterFailures.IsTransient(e))
        {
            // Part of the cluster is failing over. A refusal would read as final (the SDKs stop on a refused Register); a
            // dropped connection is what clients already recover from: they reconnect, to any host, and call again. So the
            // call is not answered: the connection closes first, and the answer has nowhere to go.
            Log.Transient(logger, invocationContext.HubMethodName, e);
            var context = invocationContext.Context;
            context.Abort();
            await Task.Delay(Timeout.Infinite, context.ConnectionAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            throw new HubException(ClusterFailures.Refusal().Detail);
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException && StorageOutage.Explains(e))
        {
            Log.StorageOut(logger, invocationContext.HubMethodName, e);
            throw new HubException(SpacesException.StorageUnavailable().Detail);
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            Log.Failed(logger, invocationContext.HubMethodName, e);
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3101, LogLevel.Debug, "Hub method {Method} refused: {Code}")]
        public static partial void Refused(ILogger logger, string method, ErrorCode code);

        [LoggerMessage(3102, LogLevel.Error, "Hub method {Method} failed")]
        public static partial void Failed(ILogger logger, string method, Exception exception);

        [LoggerMessage(3103, LogLevel.Warning, "Hub method {Method} did not reach its grain (a silo is failing over); the connection is closed")]
        public static partial void Transient(ILogger logger, string method, Exception exception);

        [LoggerMessage(3104, LogLevel.Warning, "Hub method {Method} failed: storage does not answer")]
        public static partial void StorageOut(ILogger logger, string method, Exception exception);
    }
}
