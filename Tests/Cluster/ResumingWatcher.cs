using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Cluster;

/// <summary>What a <see cref="ResumingWatcher"/> saw: an event, or a subscription answer that said <c>reset: true</c>.</summary>
public sealed record WatchedEntry(long Seq, string Type, bool IsReset);

/// <summary>
/// A subscriber that outlives the host it is on, as a browser behind a load balancer: the official .NET client
/// reconnects (through the balancer, to any host) and subscribes again after the last seq it saw. Events at or below
/// that seq are dropped, as the contract tells clients to; a <c>reset: true</c> answer is recorded and its seq taken.
/// </summary>
public sealed class ResumingWatcher : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly string _channel;
    private readonly Lock _lock = new();
    private readonly List<WatchedEntry> _entries = [];
    private long _last;
    private int _reconnects;

    private ResumingWatcher(HubConnection connection, string channel)
    {
        (_connection, _channel) = (connection, channel);
        connection.On<JsonElement>("Event", e =>
        {
            if (e.GetProperty("channel").GetString() == channel)
            {
                Record(new WatchedEntry(e.GetProperty("seq").GetInt64(), e.GetProperty("type").GetString()!, IsReset: false));
            }
        });
        connection.Reconnected += async _ =>
        {
            Interlocked.Increment(ref _reconnects);
            await ResubscribeAsync();
        };
    }

    /// <summary>How many times the connection was lost and made again.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    public long LastSeq
    {
        get
        {
            lock (_lock)
            {
                return _last;
            }
        }
    }

    public IReadOnlyList<WatchedEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public static async Task<ResumingWatcher> StartAsync(string baseUrl, ApiClient user, string channel)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{baseUrl}/hubs/status", o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.Headers["Cookie"] = user.CookieHeader;
            })
            .WithAutomaticReconnect(new EveryQuarterSecond())
            .Build();
        var watcher = new ResumingWatcher(connection, channel);
        await Wait.ForAsync(connection.StartAsync(), $"the resuming watcher to connect to {baseUrl}");
        await Wait.ForAsync(watcher.SubscribeAsync(), $"the resuming watcher to subscribe to {channel}");
        return watcher;
    }

    /// <summary>Waits until an event past <paramref name="seq"/> arrived.</summary>
    public Task WaitPastAsync(long seq, string phase, TimeSpan timeout) =>
        Wait.UntilAsync(() => Task.FromResult(LastSeq > seq), $"{phase} (last seq {LastSeq}, reconnects {Reconnects})", timeout);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private async Task SubscribeAsync()
    {
        var answer = await _connection.InvokeAsync<JsonElement>("Subscribe", _channel, LastSeq);
        if (answer.GetProperty("reset").GetBoolean())
        {
            Record(new WatchedEntry(answer.GetProperty("seq").GetInt64(), "", IsReset: true));
        }
    }

    /// <summary>
    /// After a reconnect: the channel's owner may be failing over, so the subscription is asked again while the connection
    /// holds; a connection that drops is made again by the client, which calls this again.
    /// </summary>
    private async Task ResubscribeAsync()
    {
        while (_connection.State == HubConnectionState.Connected)
        {
            try
            {
                await SubscribeAsync();
                return;
            }
            catch (Exception)
            {
                await Task.Delay(250);
            }
        }
    }

    private void Record(WatchedEntry entry)
    {
        lock (_lock)
        {
            if (entry.Seq <= _last)
            {
                return;
            }
            _last = entry.Seq;
            _entries.Add(entry);
        }
    }

    private sealed class EveryQuarterSecond : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromMilliseconds(250);
    }
}
