using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Silo.Streams;

/// <summary>The committed events, per channel, in <c>seq</c> order: the source of truth that every subscriber reads.</summary>
public interface IEventLog
{
    Task<IReadOnlyList<ChannelEvent>> ReadAfterAsync(string channel, long afterSeq, int limit, CancellationToken cancellationToken);
}
