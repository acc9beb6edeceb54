using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Indexes;

namespace Spaces.Grains;

public sealed class IndexGrain([PersistentState("index", GrainStorage.Name)] IPersistentState<IndexState> index) : Grain, IIndexGrain
{
    public async Task AddAsync(string id)
    {
        if (!index.State.Ids.Contains(id))
        {
            index.State.Ids.Add(id);
            await index.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string id)
    {
        if (index.State.Ids.Remove(id))
        {
            await index.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. Enumerable.Reverse(index.State.Ids)]);
}
