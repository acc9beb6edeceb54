using System.Net;
using System.Net.Sockets;

namespace Spaces.Tests.Cluster;

/// <summary>
/// A TCP load balancer on a free loopback port, as a cloud one in front of the web hosts: each new connection goes
/// to the next live backend, round-robin, skipping backends that refuse it. No affinity, so HTTP and WebSockets
/// land on any host.
/// </summary>
public sealed class TcpBalancer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<IReadOnlyList<int>> _backends;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _next;

    public TcpBalancer(Func<IReadOnlyList<int>> backendPorts)
    {
        _backends = backendPorts;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The backend port each accepted connection went to, in order.</summary>
    public List<int> Routed { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            // Each connection is piped on its own; a failed one only closes itself.
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            using var backend = await ConnectToNextAsync();
            if (backend is null)
            {
                return;
            }
            var (front, back) = (client.GetStream(), backend.GetStream());
            try
            {
                var finished = await Task.WhenAny(front.CopyToAsync(back, _stop.Token), back.CopyToAsync(front, _stop.Token));
                await finished;
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // One side closed or died (a killed host): the other side sees its connection end.
            }
        }
    }

    private async Task<TcpClient?> ConnectToNextAsync()
    {
        var backends = _backends();
        for (var tried = 0; tried < backends.Count; tried++)
        {
            var port = backends[(int)((uint)Interlocked.Increment(ref _next) % backends.Count)];
            var backend = new TcpClient();
            try
            {
                await backend.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
                lock (Routed)
                {
                    Routed.Add(port);
                }
                return backend;
            }
            catch (SocketException)
            {
                backend.Dispose();
            }
        }
        return null;
    }
}
