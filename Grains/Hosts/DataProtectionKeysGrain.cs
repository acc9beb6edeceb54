using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Hosts;

namespace Spaces.Grains.Hosts;

public sealed class DataProtectionKeysGrain(
    [PersistentState("data-protection-keys", GrainStorage.Name)] IPersistentState<DataProtectionKeysState> keys) : Grain, IDataProtectionKeysGrain
{
    public Task<IReadOnlyList<string>> GetAllAsync() => Task.FromResult<IReadOnlyList<string>>([.. keys.State.Elements.Values]);

    public async Task StoreAsync(string friendlyName, string xml)
    {
        keys.State.Elements[friendlyName] = xml;
        await keys.WriteStateAsync();
    }
}
