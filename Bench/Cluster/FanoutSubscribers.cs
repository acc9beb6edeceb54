using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Spaces.Bench.Cluster;

/// <summary>
/// Subscribers of one channel on <c>/hubs/status</c>, subscriber i on host i mod hosts: the .NET SignalR client, WebSockets
/// without negotiation, the admin's session cookie of that host. Each event's progress message carries the publisher's
/// <see cref="Stopwatch.GetTimestamp"/>, so publish → received latency goes into the current step's histogram.
/// </summary>
public sealed class FanoutSubscribers : IAsyncDisposable
{
    private const int ConnectParallelism = 16;
    private readonly List<HubConnection> _connections = [];
    private LatencyHistogram _histogram = new();
    private long _lastReceivedAt;

    public LatencyHistogram Current => Volatile.Read(ref _histogram);

    /// <summary>When the last event arrived (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long LastReceivedAt => Interlocked.Read(ref _lastReceivedAt);

    private readonly IReadOnlyList<AdminApi> _hosts;
    private readonly string _channel;

    public FanoutSubscribers(IReadOnlyList<AdminApi> hosts, string channel) => (_hosts, _channel) = (hosts, channel);

    public int Count => _connections.Count;

    /// <summary>Connects and subscribes <paramref name="count"/> more subscribers, continuing the spread over the hosts.</summary>
    public async Task AddAsync(int count, CancellationToken cancellationToken)
    {
        var first = _connections.Count;
        var connections = new HubConnection[count];
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var connection = connections[i] = Connect(_hosts[(first + i) % _hosts.Count], _channel);
                    await connection.StartAsync(ct);
                    await connection.InvokeAsync<JsonElement>("Subscribe", _channel, -1L, ct); // from now on: no replay
                });
        }
        finally
        {
            _connections.AddRange(connections.Where(c => c is not null));
        }
    }

    /// <summary>A fresh histogram for the next step; returns it.</summary>
    public LatencyHistogram NextStep()
    {
        var next = new LatencyHistogram();
        Volatile.Write(ref _histogram, next);
        return next;
    }

    public async ValueTask DisposeAsync() =>
        await Parallel.ForEachAsync(_connections, new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism }, async (c, _) => await c.DisposeAsync());

    private HubConnection Connect(AdminApi host, string channel)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "hubs/status"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.Headers["Cookie"] = host.CookieHeader;
            })
            .Build();
        connection.On<JsonElement>("Event", e =>
        {
            var receivedAt = Stopwatch.GetTimestamp();
            if (e.GetProperty("channel").GetString() != channel
                || !long.TryParse(e.GetProperty("data").GetProperty("message").GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var stamp))
            {
                return; // the request's own events (processing, completed), not the publisher's
            }

            Current.Record(Stopwatch.GetElapsedTime(stamp, receivedAt).TotalMilliseconds);
            long last;
            while (receivedAt > (last = Interlocked.Read(ref _lastReceivedAt))
                   && Interlocked.CompareExchange(ref _lastReceivedAt, receivedAt, last) != last)
            {
            }
        });
        return connection;
    }
}
