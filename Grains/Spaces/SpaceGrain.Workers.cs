using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Events;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Grains.Spaces;

public sealed partial class SpaceGrain
{
    public async Task AttachWorkerAsync(string connectionId, string nodeId)
    {
        var space = await LoadAsync();
        if (space.WorkerConnectionId == connectionId)
        {
            return;
        }
        if (space.WorkerConnectionId is not null)
        {
            throw new SpacesException(ErrorCode.SpaceAlreadyHasWorker, $"Space {space.Name} already has a connected worker");
        }
        space = space with
        {
            WorkerConnectionId = connectionId,
            WorkerNodeId = nodeId,
            WorkerConnectedAt = Now,
            WorkerLastSeenAt = Now,
            DisconnectedAt = null,
        };
        turn.Emit(StatusChannel, EventTypes.WorkerConnected, new WorkerAttached(spaceId, true, space.QueueSize, time.GetUtcNow()));
        await SaveAndDispatchAsync(space, queueChanged: false);
    }

    public async Task DetachWorkerAsync(string connectionId, string reason)
    {
        var space = await _store.GetSpaceAsync(spaceId);
        if (space is null || space.WorkerConnectionId != connectionId)
        {
            return;
        }
        if (space.InFlightRequestId is { } inFlight && await _store.GetRequestAsync(inFlight) is { } running)
        {
            space = await ReturnToQueueAsync(space, running);
        }
        space = space with
        {
            WorkerConnectionId = null,
            WorkerNodeId = null,
            WorkerConnectedAt = null,
            InFlightRequestId = null,
            DisconnectedAt = Now,
        };
        await _store.UpdateSpaceAsync(space);
        turn.Emit(StatusChannel, EventTypes.WorkerDisconnected, new WorkerDetached(spaceId, false, space.QueueSize, reason, time.GetUtcNow()));
    }

    public async Task<int> ExpireQueuedAsync()
    {
        var space = await _store.GetSpaceAsync(spaceId);
        if (space is null || space.WorkerConnectionId is not null || space.DisconnectedAt is not { } since || space.QueueSize == 0)
        {
            return 0;
        }
        if (Now - since < (long)options.QueuedTimeoutWithoutWorker.TotalMilliseconds)
        {
            return 0;
        }
        var reason = $"No worker connected for {options.QueuedTimeoutWithoutWorker.TotalSeconds:0} s; the request was not processed";
        var ids = await _store.GetQueuedIdsAsync(spaceId, int.MaxValue);
        foreach (var id in ids)
        {
            if (await _store.GetRequestAsync(id) is { } queued)
            {
                await EndAsync(queued, RequestStatuses.Failed, reason);
            }
        }
        space = space with { QueueSize = 0 };
        await _store.UpdateSpaceAsync(space);
        EmitQueueChanged(space);
        return ids.Count;
    }

    /// <summary>The worker left mid-request: the request goes back to the head (its ticket is the lowest), or fails past the attempt limit.</summary>
    private async Task<SpaceState> ReturnToQueueAsync(SpaceState space, RequestState running)
    {
        if (running.Attempts >= options.MaxAttempts)
        {
            await EndAsync(running, RequestStatuses.Failed, $"The worker disconnected during each of {running.Attempts} attempts");
            return space;
        }
        await _store.UpdateRequestAsync(running with { Status = RequestStatuses.Queued, Progress = 0, Message = null, DispatchedTo = null });
        space = space with { QueueSize = space.QueueSize + 1 };
        turn.Emit(
            Channels.Request(running.Id),
            EventTypes.Queued,
            new RequestQueued(running.Id, spaceId, RequestStatuses.Queued, 1, running.Attempts + 1));
        await PushPositionsAsync(skipFirst: 1);
        EmitQueueChanged(space);
        return space;
    }
}
