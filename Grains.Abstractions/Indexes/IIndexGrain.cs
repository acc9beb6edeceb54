using Orleans;
using Orleans.Concurrency;

namespace Spaces.Grains.Abstractions.Indexes;

/// <summary>
/// The ids of one list a page shows, newest first (key: see <see cref="Indexes"/>). Each list is one grain: the lists
/// here are per user or small (tokens, datasets), and reading one is a read of memory once it is active.
/// </summary>
public interface IIndexGrain : IGrainWithStringKey
{
    Task AddAsync(string id);

    /// <summary>Adds <paramref name="id"/> and keeps only the newest <paramref name="keepNewest"/> ids (lists that grow with use).</summary>
    Task AddAsync(string id, int keepNewest);

    Task RemoveAsync(string id);

    [ReadOnly]
    Task<IReadOnlyList<string>> ListAsync();
}
