using System.Diagnostics.CodeAnalysis;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Silo.Relay;

/// <summary>
/// One local subscriber of one channel: holds live events back while it sends the replay its subscription read, then
/// the live events past it, in order and each once. A live event is sent on the relay's own call when nothing is queued
/// and the send completes at once (a write into the connection's buffer, as SignalR's group sends do); only a send that
/// has to wait, such as a slow client's, queues what follows and finishes off the caller's path. Before, every event
/// went through a queue and a task of its own per subscriber: one more thread-pool hop per subscriber per event.
/// </summary>
internal sealed class LocalPump(Func<ChannelMessage, CancellationToken, Task> send) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Queue<ChannelMessage> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _sending = true; // the replay goes first: live events queue until it is sent
    private bool _stopped;
    private bool _disposed;
    private long _last = long.MinValue;

    /// <summary>Ends when the pump is disposed (success) or a send failed (the connection's error).</summary>
    public Task Completion => _ended.Task;

    public void Post(ChannelMessage message)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }
            if (_sending)
            {
                _pending.Enqueue(message);
                return;
            }
            if (message.Seq <= _last)
            {
                return;
            }
            (_last, _sending) = (message.Seq, true);
        }
        SendFrom(message);
    }

    /// <summary>Sends <paramref name="replay"/>, then the live events after <paramref name="throughSeq"/>, in order.</summary>
    public async Task StartAsync(IReadOnlyList<ChannelMessage> replay, long throughSeq)
    {
        try
        {
            var last = long.MinValue;
            foreach (var message in replay)
            {
                await send(message, _stop.Token);
                last = message.Seq;
            }
            lock (_lock)
            {
                _last = Math.Max(last, throughSeq);
            }
        }
        catch (Exception e)
        {
            Fail(e);
            return;
        }
        if (TryTakeNext(out var next))
        {
            SendFrom(next);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            (_stopped, _disposed) = (true, true);
            _pending.Clear();
        }
        _stop.Cancel();
        _stop.Dispose();
        _ended.TrySetResult();
    }

    /// <summary>The caller holds the sending turn: sends while sends complete at once, then hands the rest to a continuation.</summary>
    private void SendFrom(ChannelMessage message)
    {
        while (true)
        {
            Task sent;
            try
            {
                sent = send(message, _stop.Token);
            }
            catch (Exception e)
            {
                Fail(e);
                return;
            }
            if (!sent.IsCompleted)
            {
                _ = ContinueAfterAsync(sent);
                return;
            }
            if (!sent.IsCompletedSuccessfully)
            {
                Fail(sent.Exception?.InnerException ?? new OperationCanceledException());
                return;
            }
            if (!TryTakeNext(out var next))
            {
                return;
            }
            message = next;
        }
    }

    private async Task ContinueAfterAsync(Task sent)
    {
        try
        {
            await sent;
        }
        catch (Exception e)
        {
            Fail(e);
            return;
        }
        if (TryTakeNext(out var next))
        {
            SendFrom(next);
        }
    }

    /// <summary>The next queued event past the last one sent; when none, gives up the sending turn.</summary>
    private bool TryTakeNext([NotNullWhen(true)] out ChannelMessage? next)
    {
        lock (_lock)
        {
            while (!_stopped && _pending.TryDequeue(out var message))
            {
                if (message.Seq > _last)
                {
                    (_last, next) = (message.Seq, message);
                    return true;
                }
            }
            _sending = false;
            next = null;
            return false;
        }
    }

    private void Fail(Exception e)
    {
        lock (_lock)
        {
            _stopped = true;
            _pending.Clear();
        }
        _ended.TrySetException(e);
    }
}
