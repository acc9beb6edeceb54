using Orleans;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Indexes;
using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Silo.Stores;

public sealed class GrainRequestQueries(IGrainFactory grains) : IRequestQueries
{
    /// <summary>Requests read per round while listing: a page needs at most its limit, and most users have few spaces.</summary>
    private const int Round = 100;

    public Task<RequestRecord?> GetAsync(string requestId, CancellationToken cancellationToken) =>
        GrainKeys.IsWellFormed(requestId) ? grains.GetGrain<IRequestGrain>(requestId).GetAsync() : Task.FromResult<RequestRecord?>(null);

    public async Task<IReadOnlyList<RequestView>> ListBySubmitterAsync(string submitterId, string? spaceId, int limit, CancellationToken cancellationToken)
    {
        var ids = await grains.GetGrain<IIndexGrain>(Indexes.RequestsOf(submitterId)).ListAsync();
        var views = new List<RequestView>();
        for (var start = 0; start < ids.Count && views.Count < limit; start += Round)
        {
            var records = await Task.WhenAll(ids.Skip(start).Take(Round).Select(id => grains.GetGrain<IRequestGrain>(id).GetAsync()));
            views.AddRange(records.OfType<RequestRecord>().Select(r => r.View).Where(v => spaceId is null || v.SpaceId == spaceId));
        }
        return [.. views.Take(limit)];
    }
}
