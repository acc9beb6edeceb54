using Orleans;

namespace Spaces.Grains.Abstractions.Streams;

/// <summary>
/// A host's relay (one per host, an Orleans observer): channel owners push each event to it once, and it hands the
/// event to that host's local subscribers.
/// </summary>
public interface IChannelRelay : IGrainObserver
{
    Task DeliverAsync(IReadOnlyList<ChannelMessage> messages);
}
