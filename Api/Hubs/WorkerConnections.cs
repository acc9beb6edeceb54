using Microsoft.AspNetCore.SignalR;
using Spaces.Grains.Abstractions.Workers;
using Spaces.Silo.Relay;

namespace Spaces.Api.Hubs;

/// <summary>This host's worker connections as the <see cref="WorkerRelay"/> reaches them: through the worker hub's context.</summary>
public sealed class WorkerConnections(HubConnections connections, IHubContext<WorkerHub, IWorkerClient> hub) : IWorkerConnections
{
    public bool IsConnected(string connectionId) => connections.IsConnected(connectionId);

    // Dispatched is recorded before the send and removed when the worker's Complete or Fail is taken, or its cancel sent.
    public bool Holds(string connectionId, string requestId) => connections.DispatchedBy(connectionId, requestId) is not null;

    public async Task<bool> SendRequestAsync(string connectionId, WorkerRequest request)
    {
        if (!connections.IsConnected(connectionId))
        {
            return false;
        }
        connections.Dispatched(connectionId, request.RequestId, request.SpaceId);
        await hub.Clients.Client(connectionId).Request(request);
        return true;
    }

    public async Task<bool> SendCancelAsync(string connectionId, WorkerCancel cancel)
    {
        if (!connections.IsConnected(connectionId))
        {
            return false;
        }
        connections.Ended(connectionId, cancel.RequestId);
        await hub.Clients.Client(connectionId).Cancel(cancel);
        return true;
    }
}
