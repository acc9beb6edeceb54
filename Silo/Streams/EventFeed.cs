using System.Runtime.CompilerServices;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Silo.Streams;

/// <summary>
/// Follows a channel: replays the logged events after a <c>seq</c>, then streams new ones, in order, each once.
/// </summary>
public sealed class EventFeed(IEventLog log, ChannelSignals signals)
{
    private const int BatchSize = 500;

    // A safety net only: a lost wake-up costs at most this much latency, never an event.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    public async IAsyncEnumerable<ChannelEvent> FollowAsync(string channel, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var watch = signals.WatchChannel(channel);
        var last = afterSeq;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await log.ReadAfterAsync(channel, last, BatchSize, cancellationToken).ConfigureAwait(false);
            foreach (var e in batch)
            {
                last = e.Seq;
                yield return e;
            }
            if (batch.Count < BatchSize)
            {
                await watch.WaitAsync(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
