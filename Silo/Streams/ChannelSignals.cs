namespace Spaces.Silo.Streams;

/// <summary>
/// Wake-ups for local followers of a channel. A signal carries no payload: a woken follower reads the log after its
/// last <c>seq</c>, so a missed or coalesced signal can never cause a gap. Also the embedded <see cref="IEventPublisher"/>.
/// </summary>
public sealed class ChannelSignals : IEventPublisher
{
    private readonly Dictionary<string, HashSet<Watch>> _watches = new(StringComparer.Ordinal);

    public Task PublishAsync(IReadOnlyList<EventPosition> committed, CancellationToken cancellationToken)
    {
        foreach (var channel in committed.Select(e => e.Channel).Distinct(StringComparer.Ordinal))
        {
            Signal(channel);
        }
        return Task.CompletedTask;
    }

    public void Signal(string channel)
    {
        Watch[] targets;
        lock (_watches)
        {
            if (!_watches.TryGetValue(channel, out var watches))
            {
                return;
            }
            targets = [.. watches];
        }
        foreach (var watch in targets)
        {
            watch.Set();
        }
    }

    /// <summary>Starts watching before the caller reads the log, so nothing committed after the read is missed.</summary>
    public Watch WatchChannel(string channel)
    {
        var watch = new Watch(this, channel);
        lock (_watches)
        {
            if (!_watches.TryGetValue(channel, out var watches))
            {
                _watches[channel] = watches = [];
            }
            watches.Add(watch);
        }
        return watch;
    }

    private void Remove(Watch watch)
    {
        lock (_watches)
        {
            if (_watches.TryGetValue(watch.Channel, out var watches) && watches.Remove(watch) && watches.Count == 0)
            {
                _watches.Remove(watch.Channel);
            }
        }
    }

    public sealed class Watch(ChannelSignals owner, string channel) : IDisposable
    {
        private readonly SemaphoreSlim _signal = new(0, 1);

        public string Channel { get; } = channel;

        internal void Set()
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled; one wake-up covers any number of events.
            }
        }

        public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

        public void Dispose() => owner.Remove(this);
    }
}
