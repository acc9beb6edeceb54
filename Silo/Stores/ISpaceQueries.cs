using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Silo.Stores;

/// <summary>Reads across spaces that no single grain owns: listings, lookups by name, snapshots with their channel's seq.</summary>
public interface ISpaceQueries
{
    Task<IReadOnlyList<SpaceView>> ListAsync(string? name, CancellationToken cancellationToken);

    Task<SpaceView?> GetAsync(string spaceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> FindIdsByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>The owner of a space, for token scoping; null if it does not exist.</summary>
    Task<string?> GetOwnerAsync(string spaceId, CancellationToken cancellationToken);

    /// <summary>The space and the last <c>seq</c> of its status channel, read in one snapshot.</summary>
    Task<(SpaceView? Space, long Seq)> GetSnapshotAsync(string spaceId, CancellationToken cancellationToken);

    /// <summary>Spaces without a worker since before <paramref name="disconnectedBeforeMs"/> that still have queued requests.</summary>
    Task<IReadOnlyList<string>> ListExpirableAsync(long disconnectedBeforeMs, CancellationToken cancellationToken);

    /// <summary>(space, connection) pairs whose worker is attached through a node other than <paramref name="liveNodeIds"/>.</summary>
    Task<IReadOnlyList<(string SpaceId, string ConnectionId)>> ListOrphanedWorkersAsync(IReadOnlyCollection<string> liveNodeIds, CancellationToken cancellationToken);
}
