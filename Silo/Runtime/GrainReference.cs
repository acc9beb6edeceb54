using Spaces.Grains.Runtime;

namespace Spaces.Silo.Runtime;

/// <summary>What every grain reference does: activate the grain for a turn under its key and run one call in it.</summary>
internal abstract class GrainReference<TGrain>(string key, GrainRuntime runtime)
{
    protected Task<T> Run<T>(Func<TGrain, Task<T>> call) => runtime.RunTurnAsync(key, turn => call(Activate(turn)));

    protected Task Run(Func<TGrain, Task> call) => runtime.RunTurnAsync(key, turn => call(Activate(turn)));

    protected abstract TGrain Activate(ITurn turn);
}
