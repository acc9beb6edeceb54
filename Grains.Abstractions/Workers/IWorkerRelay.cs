using Orleans;

namespace Spaces.Grains.Abstractions.Workers;

/// <summary>
/// A host's end for the worker connections it holds (one Orleans observer per host): a space sends its leased request
/// and cancels here, and the host pushes them to the connection. A call that throws means the connection (or the host)
/// is gone, and the space detaches that worker.
/// </summary>
public interface IWorkerRelay : IGrainObserver
{
    Task DispatchAsync(string connectionId, WorkerRequest request);

    Task CancelAsync(string connectionId, WorkerCancel cancel);

    /// <summary>Whether this host still holds the connection.</summary>
    Task<bool> IsConnectedAsync(string connectionId);

    /// <summary>
    /// Whether this host holds the connection and sent it the request, and the worker has not reported its outcome (nor
    /// been told of its cancel) through this host since: the worker has the request, queued, running or reporting.
    /// </summary>
    Task<bool> HoldsAsync(string connectionId, string requestId);
}
