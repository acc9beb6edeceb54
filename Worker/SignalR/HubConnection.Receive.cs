using System.Net.WebSockets;

namespace Spaces.Worker.SignalR;

/// <summary>The receive loop (framing, message dispatch) and the heartbeat (pings and the server timeout).</summary>
public sealed partial class HubConnection
{
    private async Task ReceiveLoopAsync()
    {
        HubConnectionClosedEventArgs? ending = null;
        try
        {
            while (ending is null)
            {
                // Records that arrived with the handshake response are processed before the first receive.
                while (ending is null && _buffer.TryReadRecord(out var record))
                {
                    ending = Process(HubProtocolReader.Read(record));
                }

                if (ending is not null)
                {
                    break;
                }

                var received = await _socket.ReceiveAsync(_buffer.GetWriteMemory(4096), _lifetime.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    ending = ClosedBySocket();
                    break;
                }

                _buffer.Advance(received.Count);
                MarkReceived();
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // StopAsync or a timeout ended the connection; the reason is already recorded.
        }
        catch (Exception e)
        {
            ending = new HubConnectionClosedEventArgs(e, allowReconnect: false, closedByClient: false);
        }

        await FinishAsync(ending ?? new HubConnectionClosedEventArgs(null, false, false)).ConfigureAwait(false);
    }

    /// <summary>Acts on one message; returns the close reason when the message ends the connection.</summary>
    private HubConnectionClosedEventArgs? Process(HubMessage message)
    {
        switch (message)
        {
            case InvocationMessage invocation:
                _dispatcher.Enqueue(new ServerInvocation(invocation.Target, invocation.InvocationId, invocation.Arguments, _options.SerializerOptions));
                return null;
            case CompletionMessage completion:
                if (!_pending.TryComplete(completion))
                {
                    SignalRLog.UnexpectedCompletion(_logger, completion.InvocationId);
                }

                return null;
            case CloseMessage close:
                if (close.Error is not null)
                {
                    SignalRLog.ServerClosedWithError(_logger, close.Error);
                }

                var error = close.Error is null ? null : new HubConnectionClosedException($"The server closed the connection with an error: {close.Error}");
                return new HubConnectionClosedEventArgs(error, close.AllowReconnect, closedByClient: false);
            case IgnoredMessage ignored:
                SignalRLog.IgnoredMessage(_logger, ignored.Type);
                return null;
            default:
                return null; // Ping: receiving it already reset the server timeout.
        }
    }

    private HubConnectionClosedEventArgs ClosedBySocket()
    {
        var status = _socket.CloseStatus;
        var error = status is WebSocketCloseStatus.NormalClosure
            ? null
            : new HubConnectionClosedException($"The server closed the WebSocket with status {status} {_socket.CloseStatusDescription}".TrimEnd());
        return new HubConnectionClosedEventArgs(error, allowReconnect: false, closedByClient: false);
    }

    private async Task HeartbeatLoopAsync()
    {
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(
            Math.Min(_options.KeepAliveInterval.TotalMilliseconds, _options.ServerTimeout.TotalMilliseconds) / 4, 10, 1000));
        try
        {
            while (true)
            {
                await Task.Delay(tick, _lifetime.Token).ConfigureAwait(false);
                var now = Environment.TickCount64;
                if (now - Volatile.Read(ref _lastReceivedAt) > _options.ServerTimeout.TotalMilliseconds)
                {
                    SignalRLog.ServerTimedOut(_logger, _options.ServerTimeout.TotalMilliseconds);
                    Abort(new TimeoutException(
                        $"Server timeout ({_options.ServerTimeout.TotalMilliseconds} ms) elapsed without receiving a message from the server."));
                    return;
                }

                if (now - Volatile.Read(ref _lastSentAt) >= _options.KeepAliveInterval.TotalMilliseconds)
                {
                    await SendRecordAsync(HubProtocolWriter.Ping, _lifetime.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (_lifetime.IsCancellationRequested)
        {
            // The connection is ending; there is nothing left to keep alive.
        }
        catch (Exception e)
        {
            Abort(e);
        }
    }
}
