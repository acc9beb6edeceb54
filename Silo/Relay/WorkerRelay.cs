using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Silo.Relay;

/// <summary>
/// This host's end for the workers connected to it: one Orleans observer, created once, that spaces send their leased
/// requests and cancels to. A connection this host does not hold is an error, so the space detaches that worker.
/// </summary>
public sealed class WorkerRelay(IGrainFactory grains, ILocalSiloDetails silo, IWorkerConnections connections) : IWorkerRelay
{
    private readonly Lock _lock = new();
    private WorkerAttachment? _self;

    /// <summary>What a space stores for <paramref name="connectionId"/> on this host. DI keeps this object, and so the observer, alive.</summary>
    public WorkerAttachment Attachment(string connectionId)
    {
        lock (_lock)
        {
            // Created when the first worker registers: the silo is running by then.
            _self ??= new WorkerAttachment("", silo.SiloAddress, grains.CreateObjectReference<IWorkerRelay>(this));
            return _self with { ConnectionId = connectionId };
        }
    }

    public async Task DispatchAsync(string connectionId, WorkerRequest request)
    {
        if (!await connections.SendRequestAsync(connectionId, request))
        {
            throw NotHeld(connectionId);
        }
    }

    public async Task CancelAsync(string connectionId, WorkerCancel cancel)
    {
        if (!await connections.SendCancelAsync(connectionId, cancel))
        {
            throw NotHeld(connectionId);
        }
    }

    public Task<bool> IsConnectedAsync(string connectionId) => Task.FromResult(connections.IsConnected(connectionId));

    public Task<bool> HoldsAsync(string connectionId, string requestId) => Task.FromResult(connections.Holds(connectionId, requestId));

    private static InvalidOperationException NotHeld(string connectionId) => new($"This host holds no worker connection {connectionId}");
}
