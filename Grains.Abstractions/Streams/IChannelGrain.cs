using Orleans;
using Orleans.Concurrency;

namespace Spaces.Grains.Abstractions.Streams;

/// <summary>
/// The owner of one channel, and its only sequencer. Hosts with subscribers join it (soft state: a host re-joins on a
/// period, and an entry that is not renewed expires) and read it to answer a subscription.
/// </summary>
public interface IChannelGrain : IGrainWithStringKey
{
    /// <summary>Adds or renews a host's relay: events are pushed to it until it leaves, expires or its silo dies.</summary>
    Task JoinAsync(RelayRegistration relay);

    Task LeaveAsync(IChannelRelay relay);

    /// <summary>The snapshot now, with the retained events after <paramref name="afterSeq"/> (none when negative).</summary>
    [ReadOnly]
    Task<ChannelRead> ReadAsync(long afterSeq);
}
