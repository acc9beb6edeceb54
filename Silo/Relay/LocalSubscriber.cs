using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Silo.Relay;

/// <summary>
/// One local subscriber of one channel: holds live events from the moment it exists until its subscription's read
/// arrives, then sends the replay, the held events past it and every later event, in order and each once. It has no
/// queue or task of its own: sends start in seq order under the channel's lock and the connection keeps their order
/// (SignalR's group sends rely on the same), so an idle subscriber costs only this object.
/// </summary>
internal sealed class LocalSubscriber(Func<ChannelMessage, ValueTask> send, Action<Exception> sendFailed)
{
    private List<ChannelMessage>? _held = [];
    private long _last = long.MinValue;

    /// <summary>Called under the channel's lock, in seq order.</summary>
    public void Post(ChannelMessage message)
    {
        if (_held is { } held)
        {
            held.Add(message);
        }
        else
        {
            Send(message);
        }
    }

    /// <summary>Called under the channel's lock: <paramref name="replay"/> first, then held events after <paramref name="throughSeq"/>.</summary>
    public void GoLive(IReadOnlyList<ChannelMessage> replay, long throughSeq)
    {
        foreach (var message in replay)
        {
            Send(message);
        }
        _last = Math.Max(_last, throughSeq);
        var held = _held ?? [];
        _held = null;
        foreach (var message in held)
        {
            Send(message);
        }
    }

    private void Send(ChannelMessage message)
    {
        if (message.Seq <= _last)
        {
            return;
        }
        _last = message.Seq;
        ValueTask sending;
        try
        {
            sending = send(message);
        }
        catch (Exception e)
        {
            // Thrown before the send started: this subscriber misses the event, the channel's other subscribers do not.
            sendFailed(e);
            return;
        }
        if (!sending.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(sending);
        }
    }

    private async Task ObserveAsync(ValueTask sending)
    {
        try
        {
            await sending;
        }
        catch (Exception e)
        {
            // The subscriber's connection failed: it re-subscribes after it reconnects.
            sendFailed(e);
        }
    }
}
