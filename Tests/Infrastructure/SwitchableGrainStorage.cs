using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Spaces.Tests.Infrastructure;

/// <summary>Whether the grain cluster's storage fails its writes: a storage outage, which a unit test cannot cause for real.</summary>
public sealed class StorageFaults
{
    private volatile bool _failWrites;
    private volatile Func<string, GrainId, bool>? _failWrite;
    private volatile Func<string, GrainId, bool>? _loseAnswerOf;

    public bool FailWrites
    {
        get => _failWrites;
        set => _failWrites = value;
    }

    /// <summary>Fails the writes it says yes to (state name, grain): one write of one grain, for the windows between two writes.</summary>
    public Func<string, GrainId, bool>? FailWrite
    {
        get => _failWrite;
        set => _failWrite = value;
    }

    /// <summary>Runs <paramref name="step"/> while <see cref="FailWrite"/> is <paramref name="failWrite"/>, which also sees each write first.</summary>
    public async Task WhileAsync(Func<string, GrainId, bool> failWrite, Func<Task> step)
    {
        FailWrite = failWrite;
        try
        {
            await step();
        }
        finally
        {
            FailWrite = null;
        }
    }

    /// <summary>
    /// Stores the writes it says yes to, then fails them as a write whose answer was lost (the connection cut after the
    /// storage applied it): the caller sees a failure for a write that landed.
    /// </summary>
    public Func<string, GrainId, bool>? LoseAnswerOf
    {
        get => _loseAnswerOf;
        set => _loseAnswerOf = value;
    }

    internal bool Fails(string stateName, GrainId grainId) => FailWrites || (FailWrite?.Invoke(stateName, grainId) ?? false);

    internal bool LosesAnswer(string stateName, GrainId grainId) => LoseAnswerOf?.Invoke(stateName, grainId) ?? false;
}

/// <summary>The real grain storage, with writes that fail while <see cref="StorageFaults.FailWrites"/> is on.</summary>
internal sealed class SwitchableGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (faults.Fails(stateName, grainId))
        {
            throw new IOException("Injected storage failure");
        }
        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (faults.LosesAnswer(stateName, grainId))
        {
            throw new IOException("Injected lost answer: the write was stored");
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.Fails(stateName, grainId) ? throw new IOException("Injected storage failure") : inner.ClearStateAsync(stateName, grainId, grainState);
}
