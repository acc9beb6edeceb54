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

    /// <summary>
    /// On a clean deactivation, hands back the seqs reserved but never used, so the next activation continues without a
    /// gap; then disposes the channel. Not after a failed write (<paramref name="aheadOfStore"/>): memory then holds what
    /// the caller was told failed, and the next activation starts from the store. A failed hand-back is harmless (the
    /// next activation starts past the stored reservation, which subscribers see as a reset) and only reported.
    /// </summary>
    public static async Task HandBackAsync<TState>(
        this ChannelPublisher channel, IPersistentState<TState> storage, bool aheadOfStore, Action<Exception> failed, CancellationToken cancellationToken)
        where TState : IChannelOwnerState
    {
        if (storage.RecordExists && !aheadOfStore && storage.State.SeqReservedThrough > channel.Seq)
        {
            storage.State.SeqReservedThrough = channel.Seq;
            try
            {
                await storage.WriteStateAsync(cancellationToken);
            }
            catch (Exception e)
            {
                failed(e);
            }
        }
        channel.Dispose();
    }
}
