using Orleans.Runtime;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Grains.Publishing;

/// <summary>The stored state of a channel's owner: it holds the reservation its publisher hands seqs out of.</summary>
public interface IChannelOwnerState
{
    /// <summary>The channel's seqs up to here may have been handed out (see <see cref="ChannelPublisher"/>).</summary>
    long SeqReservedThrough { get; set; }
}

/// <summary>The one write of a channel's owner: its state with the channel's reservation, before anything staged goes out.</summary>
public static class ChannelOwnerWrites
{
    /// <summary>
    /// Writes <paramref name="storage"/> with the channel's reservation; the staged events wait for the caller's
    /// <see cref="ChannelPublisher.PublishStaged"/>. A failed write leaves the activation's memory ahead of the store: the
    /// staged events are dropped, <paramref name="failed"/> drops the activation (the next call activates from the stored
    /// state), and the caller gets 503 <c>StorageUnavailable</c>.
    /// </summary>
    public static async Task StoreAsync<TState>(this ChannelPublisher channel, IPersistentState<TState> storage, Action<Exception> failed)
        where TState : IChannelOwnerState
    {
        storage.State.SeqReservedThrough = channel.ReservedThrough;
        try
        {
            await storage.WriteStateAsync();
        }
        catch (Exception e)
        {
            channel.DropStaged();
            failed(e);
            throw SpacesException.StorageUnavailable();
        }
        channel.ReservationPersisted();
    }
}
