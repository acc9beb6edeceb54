using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Grains.Publishing;

/// <summary>The last events of one channel, contiguous by seq, for subscribers that resume after a seq.</summary>
internal sealed class ChannelRing(int capacity)
{
    private readonly Queue<ChannelMessage> _events = new();

    public void Add(ChannelMessage message)
    {
        _events.Enqueue(message);
        while (_events.Count > capacity)
        {
            _events.Dequeue();
        }
    }

    /// <summary>The events after <paramref name="afterSeq"/> up to <paramref name="lastSeq"/>, or null when some are no longer held.</summary>
    public IReadOnlyList<ChannelMessage>? After(long afterSeq, long lastSeq)
    {
        if (afterSeq == lastSeq)
        {
            return [];
        }
        if (afterSeq > lastSeq || !_events.TryPeek(out var oldest) || oldest.Seq > afterSeq + 1)
        {
            return null;
        }
        return Retained(afterSeq);
    }

    /// <summary>The events held after <paramref name="afterSeq"/>, whether or not some before them are gone.</summary>
    public IReadOnlyList<ChannelMessage> Retained(long afterSeq) => [.. _events.Where(e => e.Seq > afterSeq)];
}
