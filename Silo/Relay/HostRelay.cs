using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Publishing;

namespace Spaces.Silo.Relay;

/// <summary>
/// This host's end of the backplane: one Orleans observer that channel owners push to once per event, handing each
/// event to the local subscribers (hub connections). Its place in each owner's list is soft state, renewed on a
/// period, so a restarted owner or a dropped delivery heals by itself; a gap it sees is filled from the owner's ring.
/// </summary>
public sealed partial class HostRelay(IGrainFactory grains, ILocalSiloDetails silo, IOptions<ChannelOptions> options, ILogger<HostRelay> logger)
    : IChannelRelay, IDisposable
{
    private readonly ConcurrentDictionary<string, LocalChannel> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _leaving = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _startLock = new();
    private RelayRegistration? _registration;

    /// <summary>
    /// Follows <paramref name="channel"/> for a local subscriber: returns the read that answers its subscription
    /// (after <paramref name="afterSeq"/>) and hands it the replay and every later event through <paramref name="send"/>;
    /// the first of those may be sent before the answer is (subscribers drop seqs they have).
    /// </summary>
    public async Task<ChannelRead> SubscribeAsync(string connectionId, string channel, long afterSeq, Func<ChannelMessage, ValueTask> send)
    {
        var owner = ChannelOwners.Of(grains, channel) ?? throw new ArgumentException($"No grain owns channel {channel}", nameof(channel));
        LocalChannel local;
        LocalSubscriber? subscriber;
        do
        {
            // A channel whose last subscriber just left is closed: this subscriber goes into the channel's next entry.
            local = _channels.GetOrAdd(channel, c => new LocalChannel(e => Log.SendFailed(logger, c, e)));
        }
        while ((subscriber = local.TryAdd(connectionId, send)) is null);
        try
        {
            if (_leaving.TryGetValue(channel, out var leaving))
            {
                // The owner would drop this relay if the Leave of the channel's previous subscribers arrived after this Join.
                await leaving;
            }
            await owner.JoinAsync(Registration());
            var read = await owner.ReadAsync(afterSeq);
            local.Advance(read.Seq);
            local.GoLive(connectionId, subscriber, read.Reset ? [] : read.Replay, afterSeq < 0 || read.Reset ? read.Seq : afterSeq);
            return read;
        }
        catch
        {
            Unsubscribe(connectionId, channel);
            throw;
        }
    }

    public void Unsubscribe(string connectionId, string channel)
    {
        if (!_channels.TryGetValue(channel, out var local) || !local.Remove(connectionId))
        {
            return;
        }
        // Removed as it closed: no subscriber joins a closed channel, so none is left behind in it.
        _channels.TryRemove(new KeyValuePair<string, LocalChannel>(channel, local));
        if (_registration is { } registration)
        {
            var leaving = LeaveAsync(channel, registration.Relay);
            _leaving[channel] = leaving;
            _ = leaving.ContinueWith(_ => _leaving.TryRemove(new KeyValuePair<string, Task>(channel, leaving)), TaskScheduler.Default);
        }
    }

    public void UnsubscribeAll(string connectionId)
    {
        foreach (var (channel, local) in _channels)
        {
            if (local.Subscribers.ContainsKey(connectionId))
            {
                Unsubscribe(connectionId, channel);
            }
        }
    }

    async Task IChannelRelay.DeliverAsync(IReadOnlyList<ChannelMessage> messages)
    {
        foreach (var message in messages)
        {
            if (!_channels.TryGetValue(message.Channel, out var local))
            {
                continue;
            }
            if (local.LastSeq is { } last && message.Seq > last + 1)
            {
                await FillGapAsync(local, message.Channel, last, message.Seq);
            }
            local.TryPost(message);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private RelayRegistration Registration()
    {
        lock (_startLock)
        {
            if (_registration is null)
            {
                // Created once, when the first subscriber arrives (the silo is running by then); DI keeps this object,
                // and so the observer, alive.
                _registration = new RelayRegistration(silo.SiloAddress, grains.CreateObjectReference<IChannelRelay>(this));
                _ = RenewAsync(_registration, _stop.Token);
            }
            return _registration;
        }
    }

    private async Task RenewAsync(RelayRegistration registration, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.RelayRenewal);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await Task.WhenAll(_channels.Keys.Select(async channel =>
                {
                    try
                    {
                        await ChannelOwners.Of(grains, channel)!.JoinAsync(registration).WaitAsync(options.Value.DeliveryTimeout, cancellationToken);
                        if (_channels.TryGetValue(channel, out var local) && local.LastSeq is { } last)
                        {
                            // Events the owner sent while this relay was not in its list (a failed delivery, a new activation
                            // after a failover) leave a tail that no later event would reveal: read it now.
                            await FillGapAsync(local, channel, last, long.MaxValue);
                        }
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        // Any failure, one reported as a cancellation by a silo going away included: only this host's stop
                        // may end the renewals, or a relay would stay out of every owner's list after the next failover.
                        Log.RenewalFailed(logger, channel, e);
                    }
                }));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task FillGapAsync(LocalChannel local, string channel, long last, long next)
    {
        try
        {
            var read = await ChannelOwners.Of(grains, channel)!.ReadAsync(last);
            if (read.Reset)
            {
                // Typically the owner failed over: its new activation starts past the seqs the old one reserved, and holds
                // only its own events. Those still go out (subscribers drop seqs they have; a seq jump is what a failover
                // looks like live), or a subscriber whose channel ended before this relay joined again would wait forever.
                Log.GapNotRetained(logger, channel, last, next);
            }
            foreach (var missed in read.Replay.Where(m => m.Seq < next))
            {
                local.TryPost(missed);
            }
        }
        catch (Exception e)
        {
            Log.GapRepairFailed(logger, channel, e);
        }
    }

    private async Task LeaveAsync(string channel, IChannelRelay relay)
    {
        try
        {
            if (ChannelOwners.Of(grains, channel) is { } owner)
            {
                await owner.LeaveAsync(relay);
            }
        }
        catch (Exception e)
        {
            // Harmless: the owner drops an entry that is not renewed.
            Log.LeaveFailed(logger, channel, e);
        }
    }

    /// <summary>A channel's local subscribers, each sent every event once, in seq order, by whichever delivery posts it.</summary>
    private sealed class LocalChannel(Action<Exception> sendFailed)
    {
        private readonly Lock _lock = new();

        public ConcurrentDictionary<string, LocalSubscriber> Subscribers { get; } = new(StringComparer.Ordinal);

        public long? LastSeq { get; private set; }

        private bool _closed;

        /// <summary>
        /// A subscriber that holds live events until <see cref="GoLive"/>; it replaces the connection's earlier one. Null
        /// when the channel closed (its last subscriber left): the caller adds it to the channel's next entry.
        /// </summary>
        public LocalSubscriber? TryAdd(string connectionId, Func<ChannelMessage, ValueTask> send)
        {
            var subscriber = new LocalSubscriber(send, sendFailed);
            lock (_lock)
            {
                if (_closed)
                {
                    return null;
                }
                Subscribers[connectionId] = subscriber;
            }
            return subscriber;
        }

        /// <summary>Removes the connection's subscriber; true when that closed the channel (it was the last one).</summary>
        public bool Remove(string connectionId)
        {
            lock (_lock)
            {
                if (_closed || !Subscribers.TryRemove(connectionId, out _))
                {
                    return false;
                }
                _closed = Subscribers.IsEmpty;
                return _closed;
            }
        }

        /// <summary>Starts sending to the subscriber, unless it unsubscribed (or subscribed again) while its read was on its way.</summary>
        public void GoLive(string connectionId, LocalSubscriber subscriber, IReadOnlyList<ChannelMessage> replay, long throughSeq)
        {
            lock (_lock)
            {
                if (Subscribers.TryGetValue(connectionId, out var current) && ReferenceEquals(current, subscriber))
                {
                    subscriber.GoLive(replay, throughSeq);
                }
            }
        }

        /// <summary>Records <paramref name="seq"/> as delivered; false when it was already.</summary>
        public bool Advance(long seq)
        {
            lock (_lock)
            {
                if (LastSeq is { } last && seq <= last)
                {
                    return false;
                }
                LastSeq = seq;
                return true;
            }
        }

        /// <summary>Posts to every local subscriber unless the seq was already delivered; atomic, so posts stay in seq order.</summary>
        public void TryPost(ChannelMessage message)
        {
            lock (_lock)
            {
                if (LastSeq is { } last && message.Seq <= last)
                {
                    return;
                }
                LastSeq = message.Seq;
                // Enumerated in place: Values would take every lock of the dictionary and copy it, once per event.
                foreach (var (_, subscriber) in Subscribers)
                {
                    subscriber.Post(message);
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4101, LogLevel.Warning, "Renewing this host's relay with {Channel} failed")]
        public static partial void RenewalFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(4102, LogLevel.Warning, "Events of {Channel} between {Last} and {Next} are no longer retained by its owner")]
        public static partial void GapNotRetained(ILogger logger, string channel, long last, long next);

        [LoggerMessage(4103, LogLevel.Warning, "Filling a gap in {Channel} failed")]
        public static partial void GapRepairFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(4104, LogLevel.Information, "Sending {Channel} to a local subscriber failed")]
        public static partial void SendFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(4105, LogLevel.Information, "Leaving {Channel} failed")]
        public static partial void LeaveFailed(ILogger logger, string channel, Exception exception);
    }
}
