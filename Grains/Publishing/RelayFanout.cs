using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Grains.Publishing;

/// <summary>
/// Pushes a channel's events to the relays of the hosts that joined it: once per host, in order, each host through an
/// outbox of its own drained off the grain's turn, so a slow or dead host never holds up the owner. A relay that fails
/// a delivery, misses its renewal or whose silo membership declares dead is dropped; a live host joins again.
/// </summary>
internal sealed partial class RelayFanout(IClusterMembershipService membership, ChannelOptions options, ILogger logger) : IDisposable
{
    private readonly Dictionary<IChannelRelay, Outbox> _relays = [];

    public int Count => _relays.Count;

    public void Join(RelayRegistration registration, DateTimeOffset now)
    {
        if (_relays.TryGetValue(registration.Relay, out var existing) && !existing.Failed)
        {
            existing.ExpiresAt = now + options.RelayExpiry;
            return;
        }
        existing?.Dispose();
        _relays[registration.Relay] = new Outbox(registration, now + options.RelayExpiry, options.DeliveryTimeout, logger);
    }

    public void Leave(IChannelRelay relay)
    {
        if (_relays.Remove(relay, out var outbox))
        {
            outbox.Dispose();
        }
    }

    public void Publish(ChannelMessage message, DateTimeOffset now)
    {
        var snapshot = membership.CurrentSnapshot;
        foreach (var (relay, outbox) in _relays.ToList())
        {
            if (outbox.Failed || outbox.ExpiresAt < now || snapshot.GetSiloStatus(outbox.Host) == SiloStatus.Dead)
            {
                Leave(relay);
                continue;
            }
            outbox.Post(message);
        }
    }

    public void Dispose()
    {
        foreach (var outbox in _relays.Values)
        {
            outbox.Dispose();
        }
        _relays.Clear();
    }

    private sealed class Outbox : IDisposable
    {
        private readonly Channel<ChannelMessage> _queue = Channel.CreateUnbounded<ChannelMessage>(new UnboundedChannelOptions { SingleReader = true });
        private readonly IChannelRelay _relay;
        private readonly TimeSpan _timeout;
        private readonly ILogger _logger;
        private volatile bool _failed;

        public Outbox(RelayRegistration registration, DateTimeOffset expiresAt, TimeSpan timeout, ILogger logger)
        {
            (_relay, Host, ExpiresAt, _timeout, _logger) = (registration.Relay, registration.Host, expiresAt, timeout, logger);
            // Drained on the grain's own scheduler (the outbox is made in a grain turn) but not awaited by any turn: its
            // awaits interleave with the grain's calls, and it touches only this outbox, never the grain's state.
            _ = DrainAsync();
        }

        public SiloAddress Host { get; }

        public DateTimeOffset ExpiresAt { get; set; }

        public bool Failed => _failed;

        public void Post(ChannelMessage message) => _queue.Writer.TryWrite(message);

        public void Dispose() => _queue.Writer.TryComplete();

        private async Task DrainAsync()
        {
            var batch = new List<ChannelMessage>();
            try
            {
                while (await _queue.Reader.WaitToReadAsync())
                {
                    batch.Clear();
                    while (batch.Count < 256 && _queue.Reader.TryRead(out var message))
                    {
                        batch.Add(message);
                    }
                    await _relay.DeliverAsync([.. batch]).WaitAsync(_timeout);
                }
            }
            catch (Exception e)
            {
                // The host's relay joins again on its next renewal and repairs the gap from the owner's ring.
                _failed = true;
                _queue.Writer.TryComplete();
                Log.DeliveryFailed(_logger, Host, batch.Count > 0 ? batch[0].Channel : "", e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Warning, "Delivery to the relay on {Host} failed for {Channel}; it is dropped until it joins again")]
        public static partial void DeliveryFailed(ILogger logger, SiloAddress host, string channel, Exception exception);
    }
}
