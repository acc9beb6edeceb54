using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Events;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Grains.Spaces;

public sealed partial class SpaceGrain
{
    public async Task<RequestAccepted> SubmitAsync(NewRequest request)
    {
        var space = await LoadAsync();
        CheckInputs(space, request);
        if (space.WorkerConnectionId is null)
        {
            throw SpacesException.NoWorkerConnected();
        }
        if (space.QueueSize >= options.MaxQueueSize)
        {
            throw new SpacesException(ErrorCode.QueueFull, $"The queue of space {space.Name} is full ({options.MaxQueueSize} requests)");
        }
        // Counted in the turn that queues: turns of one space run one at a time, so parallel submissions cannot slip past.
        var queuedByUser = await _store.CountQueuedBySubmitterAsync(spaceId, request.SubmitterId);
        if (queuedByUser >= options.MaxQueuedPerUser)
        {
            throw new SpacesException(
                ErrorCode.UserQueueLimit, $"You already have {queuedByUser} requests queued in this space; wait for some to finish");
        }
        await _store.InsertRequestAsync(new RequestState
        {
            Id = request.RequestId,
            SpaceId = spaceId,
            Ticket = space.NextTicket,
            Status = RequestStatuses.Queued,
            Prompt = request.Prompt,
            FilesJson = JsonSerializer.Serialize(request.Files, SpacesJson.Options),
            SubmitterId = request.SubmitterId,
            CreatedAt = Now,
        });
        space = space with { NextTicket = space.NextTicket + 1, QueueSize = space.QueueSize + 1 };
        var position = space.QueueSize;
        turn.Emit(Channels.Request(request.RequestId), EventTypes.Queued, new RequestQueued(request.RequestId, spaceId, RequestStatuses.Queued, position, 1));
        space = await SaveAndDispatchAsync(space, queueChanged: true);
        return new RequestAccepted(request.RequestId, space.InFlightRequestId == request.RequestId ? 0 : position);
    }

    public async Task CancelAsync(string requestId, string reason)
    {
        var space = await LoadAsync();
        var request = await LoadRequestAsync(requestId);
        if (RequestStatuses.IsFinished(request.Status))
        {
            throw new SpacesException(ErrorCode.RequestNotCancellable, $"Request {requestId} is already {request.Status}");
        }
        await EndAsync(request, RequestStatuses.Cancelled, reason);
        if (request.Status == RequestStatuses.Queued)
        {
            space = space with { QueueSize = space.QueueSize - 1 };
            await PushPositionsAsync(skipFirst: 0);
            await SaveAndDispatchAsync(space, queueChanged: true);
            return;
        }
        NotifyWorkerOfCancel(request);
        await SaveAndDispatchAsync(space with { InFlightRequestId = null }, queueChanged: false);
    }

    /// <summary>Hands the head of the queue to an idle worker, saves the space, and says the queue changed when it did.</summary>
    private async Task<SpaceState> SaveAndDispatchAsync(SpaceState space, bool queueChanged)
    {
        if (space.WorkerConnectionId is { } connectionId && space.InFlightRequestId is null
            && await _store.GetQueueHeadAsync(spaceId) is { } head)
        {
            var attempt = head.Attempts + 1;
            head = head with
            {
                Status = RequestStatuses.Processing,
                Attempts = attempt,
                StartedAt = Now,
                DispatchedTo = connectionId,
                Progress = 0,
                Message = null,
            };
            await _store.UpdateRequestAsync(head);
            space = space with { InFlightRequestId = head.Id, QueueSize = space.QueueSize - 1 };
            turn.Emit(Channels.Worker(connectionId), EventTypes.Dispatch, ToWorkerRequest(space, head));
            turn.Emit(Channels.Request(head.Id), EventTypes.Progress, new RequestProgressed(head.Id, RequestStatuses.Processing, 0, "Processing", attempt));
            await PushPositionsAsync(skipFirst: 0);
            queueChanged = true;
        }
        await _store.UpdateSpaceAsync(space);
        if (queueChanged)
        {
            EmitQueueChanged(space);
        }
        return space;
    }

    /// <summary>Tells the first <see cref="SpaceGrainOptions.PositionWindow"/> queued requests where they stand now.</summary>
    private async Task PushPositionsAsync(int skipFirst)
    {
        var ids = await _store.GetQueuedIdsAsync(spaceId, options.PositionWindow);
        for (var i = skipFirst; i < ids.Count; i++)
        {
            turn.Emit(Channels.Request(ids[i]), EventTypes.Position, new QueuePositionChanged(ids[i], i + 1));
        }
    }

    private static void CheckInputs(SpaceState space, NewRequest request)
    {
        var inputs = SpaceViews.Inputs(space);
        if (!inputs.Prompt && request.Prompt.Length > 0)
        {
            throw new SpacesException(ErrorCode.InputNotEnabled, $"Space {space.Name} does not accept a prompt");
        }
        if (request.Files.FirstOrDefault(f => !inputs.AcceptsFileKind(f.Kind)) is { } file)
        {
            throw new SpacesException(ErrorCode.InputNotEnabled, $"Space {space.Name} does not accept {file.Kind} files");
        }
        if (request.Prompt.Length == 0 && request.Files.Count == 0)
        {
            throw new SpacesException(ErrorCode.InvalidInput, "A request needs a prompt or a file");
        }
    }

    private static WorkerRequest ToWorkerRequest(SpaceState space, RequestState request)
    {
        return new WorkerRequest(
            request.Id,
            space.Id,
            space.Name,
            request.Prompt,
            [.. RequestViews.Files(request).Select(f => new WorkerFile(f.Name, f.Kind, f.ContentType, f.Size, RequestViews.FileUrl(request.Id, f.Name)))],
            request.Attempts,
            DateTimeOffset.FromUnixTimeMilliseconds(request.CreatedAt));
    }
}
