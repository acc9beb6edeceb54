using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Tests.Grains;

/// <summary>
/// A worker as a space sees it in grain tests: a relay observer (in the cluster's client) that records what the space
/// sends, and can be told that its connection is gone, that its host does not answer, or that dispatches fail.
/// </summary>
internal sealed class RelayedWorker : IWorkerRelay
{
    private RelayedWorker(IGrainFactory grains, SiloAddress host)
    {
        // The client holds observers weakly: the fixture keeps this object (GrainClusterFixture.Observers), and so the observer, alive.
        Attachment = new WorkerAttachment(Guid.NewGuid().ToString("N"), host, grains.CreateObjectReference<IWorkerRelay>(this));
    }

    public WorkerAttachment Attachment { get; }

    public string ConnectionId => Attachment.ConnectionId;

    public ConcurrentQueue<WorkerRequest> Dispatched { get; } = new();

    public ConcurrentQueue<string> Cancelled { get; } = new();

    public volatile bool Connected = true;

    public volatile bool Unreachable;

    public volatile bool RefuseDispatch;

    public static RelayedWorker On(IGrainFactory grains, SiloAddress host) => new(grains, host);

    public IReadOnlyList<string> DispatchedIds => [.. Dispatched.Select(r => r.RequestId)];

    public Task DispatchAsync(string connectionId, WorkerRequest request)
    {
        if (RefuseDispatch || Unreachable)
        {
            throw new InvalidOperationException("This host holds no such connection");
        }
        Dispatched.Enqueue(request);
        return Task.CompletedTask;
    }

    public Task CancelAsync(string connectionId, WorkerCancel cancel)
    {
        Cancelled.Enqueue(cancel.RequestId);
        return Task.CompletedTask;
    }

    public async Task<bool> IsConnectedAsync(string connectionId)
    {
        if (Unreachable)
        {
            // Longer than the fixture's relay timeout: the host does not answer.
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        return Connected;
    }

    /// <summary>As a host answers: the connection is there and was sent the request (tests report outcomes to the space directly).</summary>
    public async Task<bool> HoldsAsync(string connectionId, string requestId) =>
        await IsConnectedAsync(connectionId) && Dispatched.Any(r => r.RequestId == requestId);
}
