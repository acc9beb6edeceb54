using System.Collections.Concurrent;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Silo.Streams;

namespace Spaces.Api.Hubs;

/// <summary>
/// One background pump per (connection, channel): follows the channel from a <c>seq</c> and hands each event to a
/// send function, in order. A connection's pumps stop when it unsubscribes or disconnects.
/// </summary>
public sealed partial class ChannelPumps(EventFeed feed, ILogger<ChannelPumps> logger)
{
    private readonly ConcurrentDictionary<(string Connection, string Channel), CancellationTokenSource> _pumps = new();

    public void Start(string connectionId, string channel, long afterSeq, Func<ChannelEvent, CancellationToken, Task> send)
    {
        var cancellation = new CancellationTokenSource();
        var key = (connectionId, channel);
        if (_pumps.TryRemove(key, out var previous))
        {
            previous.Cancel();
            previous.Dispose();
        }
        _pumps[key] = cancellation;
        // Runs until stopped; failures are logged and end only this pump (the client re-subscribes after reconnecting).
        _ = Task.Run(() => PumpAsync(connectionId, channel, afterSeq, send, cancellation.Token), CancellationToken.None);
    }

    public void Stop(string connectionId, string channel)
    {
        if (_pumps.TryRemove((connectionId, channel), out var cancellation))
        {
            cancellation.Cancel();
            cancellation.Dispose();
        }
    }

    public void StopAll(string connectionId)
    {
        foreach (var key in _pumps.Keys.Where(k => k.Connection == connectionId))
        {
            Stop(key.Connection, key.Channel);
        }
    }

    private async Task PumpAsync(string connectionId, string channel, long afterSeq, Func<ChannelEvent, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in feed.FollowAsync(channel, afterSeq, cancellationToken))
            {
                await send(e, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.PumpFailed(logger, channel, connectionId, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Error, "Event pump of {Channel} to connection {ConnectionId} failed")]
        public static partial void PumpFailed(ILogger logger, string channel, string connectionId, Exception exception);
    }
}
