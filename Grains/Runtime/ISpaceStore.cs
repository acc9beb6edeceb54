using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Spaces;

namespace Spaces.Grains.Runtime;

/// <summary>
/// Space and request rows, inside the current turn's transaction. Every queue operation is an indexed
/// single-row read or write, so its cost does not grow with the queue.
/// </summary>
public interface ISpaceStore
{
    Task<SpaceState?> GetSpaceAsync(string spaceId);

    Task InsertSpaceAsync(SpaceState space);

    Task UpdateSpaceAsync(SpaceState space);

    Task DeleteSpaceAsync(string spaceId);

    Task<RequestState?> GetRequestAsync(string requestId);

    Task InsertRequestAsync(RequestState request);

    Task UpdateRequestAsync(RequestState request);

    /// <summary>The queued request with the lowest ticket, or null.</summary>
    Task<RequestState?> GetQueueHeadAsync(string spaceId);

    /// <summary>Up to <paramref name="limit"/> queued request ids in queue order.</summary>
    Task<IReadOnlyList<string>> GetQueuedIdsAsync(string spaceId, int limit);

    /// <summary>How many of the space's queued requests <paramref name="submitterId"/> submitted (processing ones are not queued).</summary>
    Task<int> CountQueuedBySubmitterAsync(string spaceId, string submitterId);

    Task<ResultFile?> GetResultFileAsync(string requestId, string name);

    /// <summary>Inserts the file, or replaces the request's file of the same name.</summary>
    Task SaveResultFileAsync(string requestId, ResultFile file);
}
