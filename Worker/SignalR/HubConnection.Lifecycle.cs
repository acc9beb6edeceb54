using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace Spaces.Worker.SignalR;

/// <summary>Connecting, the receive and heartbeat loops, and every way a connection ends.</summary>
public sealed partial class HubConnection
{
    // How long a graceful close may wait for the peer before the socket is aborted.
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Sends a Close message, closes the WebSocket with status 1000 and waits for the loops to end.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        return StopCoreAsync(cancellationToken);
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, (int)HubConnectionState.Closed, (int)HubConnectionState.Created) == (int)HubConnectionState.Created)
        {
            _closed.TrySetResult(new HubConnectionClosedEventArgs(null, allowReconnect: false, closedByClient: true));
            return;
        }

        if (State == HubConnectionState.Connected && TrySetCloseReason(new HubConnectionClosedEventArgs(null, false, closedByClient: true)))
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(CloseTimeout);
                await SendRecordAsync(HubProtocolWriter.Close(null), timeout.Token).ConfigureAwait(false);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
                // The receive loop ends when the server's close frame arrives.
                await _loops.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or HubConnectionClosedException)
            {
                SignalRLog.GracefulCloseFailed(_logger, e);
            }
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _loops.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopCoreAsync(CancellationToken.None).ConfigureAwait(false);
        _socket.Dispose();
        _http.Dispose();
        _lifetime.Dispose();
        _sendLock.Dispose();
    }

    private async Task ConnectWebSocketAsync(NegotiatedConnection negotiated, CancellationToken cancellationToken)
    {
        if (negotiated.AccessToken is { } token)
        {
            // A header, not the access_token query the browser client uses: URLs end up in logs.
            _socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        _socket.Options.SetRequestHeader("X-Requested-With", "XMLHttpRequest");
        try
        {
            await _socket.ConnectAsync(negotiated.WebSocketUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException e)
        {
            var status = _socket.HttpStatusCode == 0 ? (System.Net.HttpStatusCode?)null : _socket.HttpStatusCode;
            throw new HubConnectionException(
                $"The WebSocket connection to {Negotiator.WithoutQuery(negotiated.HubUrl)} failed{(status is null ? "" : $" with status {(int)status}")}: {e.Message}",
                status,
                e);
        }
    }

    private async Task ReceiveHandshakeResponseAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_buffer.TryReadRecord(out var record))
            {
                // Bytes after this record stay in the buffer: they are already hub messages.
                if (HubProtocolReader.ReadHandshakeError(record) is { } error)
                {
                    throw new HubConnectionException($"The server refused the handshake: {error}");
                }

                return;
            }

            var received = await _socket.ReceiveAsync(_buffer.GetWriteMemory(4096), cancellationToken).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new HubConnectionException($"The server closed the WebSocket during the handshake ({_socket.CloseStatus}).");
            }

            _buffer.Advance(received.Count);
        }
    }

    /// <summary>Ends the connection without a graceful close; the receive loop then finishes it.</summary>
    private void Abort(Exception reason)
    {
        TrySetCloseReason(new HubConnectionClosedEventArgs(reason, allowReconnect: false, closedByClient: false));
        _lifetime.Cancel();
    }

    /// <summary>The first reason recorded wins: a timeout is not overwritten by the cancellation it causes.</summary>
    private bool TrySetCloseReason(HubConnectionClosedEventArgs reason) =>
        Interlocked.CompareExchange(ref _closeReason, reason, null) is null;

    private void FailStart(Exception error)
    {
        Volatile.Write(ref _state, (int)HubConnectionState.Closed);
        _socket.Abort();
        _closed.TrySetResult(new HubConnectionClosedEventArgs(error, allowReconnect: false, closedByClient: false));
    }

    private async Task FinishAsync(HubConnectionClosedEventArgs fallback)
    {
        TrySetCloseReason(fallback);
        var reason = Volatile.Read(ref _closeReason) ?? fallback;
        Volatile.Write(ref _state, (int)HubConnectionState.Closed);
        _dispatcher.Complete();
        _pending.FailAll(new HubConnectionClosedException("The connection closed before the invocation completed.", reason.Error));
        await CloseSocketAsync().ConfigureAwait(false);
        await _lifetime.CancelAsync().ConfigureAwait(false);
        SignalRLog.ConnectionClosed(_logger, ConnectionId, reason.ClosedByClient, reason.AllowReconnect, reason.Error);
        _closed.TrySetResult(reason);
        // On the thread pool: a handler that disposes this connection must not wait on the receive loop it runs in.
        _ = Task.Run(() => RaiseClosed(reason));
    }

    private async Task CloseSocketAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            SignalRLog.GracefulCloseFailed(_logger, e);
        }
        finally
        {
            _socket.Abort();
        }
    }

    private void RaiseClosed(HubConnectionClosedEventArgs reason)
    {
        try
        {
            Closed?.Invoke(this, reason);
        }
        catch (Exception e)
        {
            SignalRLog.ClosedHandlerFailed(_logger, e);
        }
    }
}
