using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Spaces.Tests.Infrastructure;

/// <summary>Whether the grain cluster's storage fails its writes: a storage outage, which a unit test cannot cause for real.</summary>
public sealed class StorageFaults
{
    private volatile bool _failWrites;

    public bool FailWrites
    {
        get => _failWrites;
        set => _failWrites = value;
    }
}

/// <summary>The real grain storage, with writes that fail while <see cref="StorageFaults.FailWrites"/> is on.</summary>
internal sealed class SwitchableGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.FailWrites ? throw new IOException("Injected storage failure") : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.FailWrites ? throw new IOException("Injected storage failure") : inner.ClearStateAsync(stateName, grainId, grainState);
}
