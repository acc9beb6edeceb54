using System.Net;
using System.Net.Sockets;

namespace Spaces.Tests.Infrastructure;

/// <summary>
/// A loopback TCP port that forwards to another while open. <see cref="CloseAsync"/> cuts every connection through it and
/// refuses new ones, as a network outage does; <see cref="Open"/> listens again on the same port.
/// </summary>
public sealed class TcpGate(int port, int target) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _open;
    private Task _accepting = Task.CompletedTask;

    public int Port { get; } = port;

    public int Target { get; } = target;

    public void Open()
    {
        lock (_lock)
        {
            if (_listener is not null)
            {
                return;
            }
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            (_listener, _open) = (listener, new CancellationTokenSource());
            _accepting = AcceptAsync(listener, _open.Token);
        }
    }

    public async Task CloseAsync()
    {
        TcpListener? listener;
        CancellationTokenSource? open;
        lock (_lock)
        {
            (listener, open, _listener, _open) = (_listener, _open, null, null);
        }
        if (listener is null || open is null)
        {
            return;
        }
        await open.CancelAsync();
        listener.Stop();
        await _accepting;
        open.Dispose();
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken closed)
    {
        var piping = new List<Task>();
        while (!closed.IsCancellationRequested)
        {
            try
            {
                piping.Add(PipeAsync(await listener.AcceptTcpClientAsync(closed), closed));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                break;
            }
        }
        await Task.WhenAll(piping);
    }

    private async Task PipeAsync(TcpClient client, CancellationToken closed)
    {
        using (client)
        {
            using var backend = new TcpClient();
            try
            {
                await backend.ConnectAsync(IPAddress.Loopback, Target, closed);
                var (front, back) = (client.GetStream(), backend.GetStream());
                await await Task.WhenAny(front.CopyToAsync(back, closed), back.CopyToAsync(front, closed));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Closed, or one side ended: the other side sees its connection end.
            }
            // An abortive close (RST), as when the network between them fails: no side waits for the other.
            client.Client.LingerState = new LingerOption(true, 0);
        }
    }
}
