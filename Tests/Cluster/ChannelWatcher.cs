using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Cluster;

public sealed record WatchedEvent(long Seq, string Type, JsonElement Data);

/// <summary>
/// A subscriber on one host's <c>/hubs/status</c> (the official .NET SignalR client, WebSockets without negotiation,
/// the session cookie of a signed-in user), recording every event of one channel from the first seq.
/// </summary>
public sealed class ChannelWatcher : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChannelWatcher(HubConnection connection, string channel, IReadOnlySet<string> terminal)
    {
        _connection = connection;
        connection.On<JsonElement>("Event", e =>
        {
            if (e.GetProperty("channel").GetString() != channel)
            {
                return;
            }
            var watched = new WatchedEvent(e.GetProperty("seq").GetInt64(), e.GetProperty("type").GetString()!, e.GetProperty("data").Clone());
            Events.Enqueue(watched);
            if (terminal.Contains(watched.Type))
            {
                _ended.TrySetResult();
            }
        });
    }

    public ConcurrentQueue<WatchedEvent> Events { get; } = new();

    public static async Task<ChannelWatcher> StartAsync(string baseUrl, ApiClient user, string channel, params string[] terminalTypes)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{baseUrl}/hubs/status", o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.Headers["Cookie"] = user.CookieHeader;
            })
            .Build();
        var watcher = new ChannelWatcher(connection, channel, new HashSet<string>(terminalTypes, StringComparer.Ordinal));
        await Wait.ForAsync(connection.StartAsync(), $"the watcher to connect to {baseUrl}");
        await Wait.ForAsync(connection.InvokeAsync<JsonElement>("Subscribe", channel, 0L), $"the watcher to subscribe to {channel}");
        return watcher;
    }

    /// <summary>Waits for a terminal event; the failure lists what arrived.</summary>
    public async Task WaitEndAsync(string phase, TimeSpan timeout)
    {
        try
        {
            await Wait.ForAsync(_ended.Task, phase, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; received {string.Join(", ", Events.Select(x => $"{x.Seq}:{x.Type}"))}");
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
