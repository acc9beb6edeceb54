using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Indexes;

namespace Spaces.Grains;

/// <summary>
/// Reentrant, so that a user's parallel submissions do not queue one write each behind the grain: each call changes the
/// list in its turn (no await in between), and the changes made while a write is in flight share the next write.
/// </summary>
[Reentrant]
public sealed class IndexGrain([PersistentState("index", GrainStorage.Name)] IPersistentState<IndexState> index) : Grain, IIndexGrain
{
    /// <summary>The callers whose changes the next write carries; null when none waits.</summary>
    private TaskCompletionSource? _next;
    private bool _writing;

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

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. Enumerable.Reverse(index.State.Ids)]);

    /// <summary>Completes once a write that started after this call's change is stored.</summary>
    private Task WriteAsync()
    {
        if (_next is { } waiting)
        {
            return waiting.Task;
        }
        _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stored = _next.Task;
        if (!_writing)
        {
            // Runs until its write's first await now (taking _next), and on in this activation's turns.
            _ = WriteWaitingAsync();
        }
        return stored;
    }

    /// <summary>
    /// Writes while changes wait. The state is read when a write starts, so a change made after <see cref="_next"/> was
    /// taken waits for the following write. A failed write leaves memory ahead of the store: the activation is dropped
    /// and every waiting caller told to try again.
    /// </summary>
    private async Task WriteWaitingAsync()
    {
        _writing = true;
        while (_next is { } waiting)
        {
            _next = null;
            try
            {
                await index.WriteStateAsync();
                waiting.SetResult();
            }
            catch (Exception)
            {
                DeactivateOnIdle();
                waiting.SetException(SpacesException.StorageUnavailable());
                _next?.SetException(SpacesException.StorageUnavailable());
                _next = null;
            }
        }
        _writing = false;
    }
}
