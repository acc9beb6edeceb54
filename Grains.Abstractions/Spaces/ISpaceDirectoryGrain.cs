using Orleans;
using Orleans.Concurrency;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>
/// Every space's id and name (one grain, key <see cref="Key"/>): workers register by name, and pages list spaces from
/// here. Names may repeat; a worker registering by a repeated name is refused.
/// </summary>
public interface ISpaceDirectoryGrain : IGrainWithStringKey
{
    const string Key = "all";

    Task SetAsync(string spaceId, string name);

    Task RemoveAsync(string spaceId);

    /// <summary>Ids of the spaces called <paramref name="name"/> (ordinal), or of every space when it is null, in creation order.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> FindAsync(string? name);
}
