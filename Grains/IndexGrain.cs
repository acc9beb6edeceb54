using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Indexes;

namespace Spaces.Grains;

public sealed class IndexGrain([PersistentState("index", GrainStorage.Name)] IPersistentState<IndexState> index) : Grain, IIndexGrain
{
    public async Task AddAsync(string id)
    {
        if (!index.State.Ids.Contains(id))
        {
            index.State.Ids.Add(id);
            await WriteAsync();
        }
    }

    public async Task AddAsync(string id, int keepNewest)
    {
        var ids = index.State.Ids;
        if (ids.Contains(id))
        {
            return;
        }
        ids.Add(id);
        if (ids.Count > keepNewest)
        {
            ids.RemoveRange(0, ids.Count - keepNewest);
        }
        await WriteAsync();
    }

    public async Task RemoveAsync(string id)
    {
        if (index.State.Ids.Remove(id))
        {
            await WriteAsync();
        }
    }

    /// <summary>A failed write leaves memory ahead of the store: the activation is dropped and the caller told to try again.</summary>
    private async Task WriteAsync()
    {
        try
        {
            await index.WriteStateAsync();
        }
        catch (Exception e) when (e is not SpacesException)
        {
            DeactivateOnIdle();
            throw SpacesException.StorageUnavailable();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. Enumerable.Reverse(index.State.Ids)]);
}
