using Orleans;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Silo.Stores;

public sealed class GrainSpaceQueries(IGrainFactory grains) : ISpaceQueries
{
    public async Task<IReadOnlyList<SpaceView>> ListAsync(string? name, CancellationToken cancellationToken)
    {
        var ids = await grains.GetGrain<ISpaceDirectoryGrain>(ISpaceDirectoryGrain.Key).FindAsync(name);
        var records = await Task.WhenAll(ids.Select(id => grains.GetGrain<ISpaceGrain>(id).GetAsync()));
        // Stable: spaces of one name stay in creation order, the directory's.
        return [.. records.OfType<SpaceRecord>().Select(r => r.View).OrderBy(v => v.Name, StringComparer.Ordinal)];
    }

    public async Task<SpaceView?> GetAsync(string spaceId, CancellationToken cancellationToken) => (await ReadAsync(spaceId))?.View;

    public async Task<string?> GetOwnerAsync(string spaceId, CancellationToken cancellationToken) => (await ReadAsync(spaceId))?.OwnerId;

    private Task<SpaceRecord?> ReadAsync(string spaceId) =>
        GrainKeys.IsWellFormed(spaceId) ? grains.GetGrain<ISpaceGrain>(spaceId).GetAsync() : Task.FromResult<SpaceRecord?>(null);
}
