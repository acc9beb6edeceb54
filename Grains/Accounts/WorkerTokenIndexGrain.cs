using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Accounts;

namespace Spaces.Grains.Accounts;

public sealed class WorkerTokenIndexGrain(
    [PersistentState("index", GrainStorage.Name)] IPersistentState<WorkerTokenIndexState> index) : Grain, IWorkerTokenIndexGrain
{
    public async Task AddAsync(string tokenId)
    {
        if (!index.State.TokenIds.Contains(tokenId))
        {
            index.State.TokenIds.Add(tokenId);
            await index.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. Enumerable.Reverse(index.State.TokenIds)]);
}
