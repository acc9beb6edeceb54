using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Spaces.Worker.SignalR;

/// <summary>Client→server invocations waiting for their Completion, keyed by invocation id.</summary>
internal sealed class PendingInvocations
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private long _lastId;
    private Exception? _closedReason;

    public (string InvocationId, Task<JsonElement> Completion) Add(string target)
    {
        var id = Interlocked.Increment(ref _lastId).ToString(CultureInfo.InvariantCulture);
        var pending = new Pending(target, new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending[id] = pending;
        // Closing may have raced with the add: fail the newcomer too.
        if (Volatile.Read(ref _closedReason) is { } reason && _pending.TryRemove(id, out _))
        {
            pending.Source.TrySetException(reason);
        }

        return (id, pending.Source.Task);
    }

    public void Remove(string invocationId) => _pending.TryRemove(invocationId, out _);

    /// <summary>False when no invocation with this id is pending (a protocol error the caller logs).</summary>
    public bool TryComplete(CompletionMessage completion)
    {
        if (!_pending.TryRemove(completion.InvocationId, out var pending))
        {
            return false;
        }

        if (completion.Error is not null)
        {
            pending.Source.TrySetException(new HubInvocationException(pending.Target, completion.Error));
        }
        else
        {
            pending.Source.TrySetResult(completion.Result);
        }

        return true;
    }

    public void FailAll(Exception reason)
    {
        Volatile.Write(ref _closedReason, reason);
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending))
            {
                pending.Source.TrySetException(reason);
            }
        }
    }

    private sealed record Pending(string Target, TaskCompletionSource<JsonElement> Source);
}
