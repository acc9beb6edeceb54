using System.Text.Json;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Events;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Grains.Spaces;

public sealed partial class SpaceGrain
{
    private const int MaxMessageLength = 1000;

    private static readonly JsonElement NullResult = JsonSerializer.SerializeToElement<object?>(null);

    public async Task ReportProgressAsync(string connectionId, string requestId, double percent, string? message)
    {
        if (!double.IsFinite(percent))
        {
            throw new SpacesException(ErrorCode.InvalidInput, "Progress must be a number from 0 to 100");
        }
        var (_, request) = await LoadCurrentAttemptAsync(connectionId, requestId);
        if (request is null)
        {
            return;
        }
        request = request with { Progress = Math.Clamp(percent, 0, 100), Message = Truncate(message) };
        await _store.UpdateRequestAsync(request);
        turn.Emit(
            Channels.Request(requestId),
            EventTypes.Progress,
            new RequestProgressed(requestId, RequestStatuses.Processing, request.Progress, request.Message, request.Attempts));
    }

    public async Task CompleteAsync(string connectionId, string requestId, JsonElement result)
    {
        var (space, request) = await LoadCurrentAttemptAsync(connectionId, requestId);
        if (request is null)
        {
            return;
        }
        if (result.ValueKind == JsonValueKind.Undefined)
        {
            result = NullResult;
        }
        var completedAt = time.GetUtcNow();
        await _store.UpdateRequestAsync(request with
        {
            Status = RequestStatuses.Completed,
            Progress = 100,
            ResultJson = result.GetRawText(),
            CompletedAt = completedAt.ToUnixTimeMilliseconds(),
        });
        turn.Emit(Channels.Request(requestId), EventTypes.Completed, new RequestCompleted(requestId, RequestStatuses.Completed, 100, result, completedAt));
        await SaveAndDispatchAsync(space with { InFlightRequestId = null, WorkerLastSeenAt = Now }, queueChanged: false);
    }

    public async Task FailAsync(string connectionId, string requestId, string error)
    {
        var (space, request) = await LoadCurrentAttemptAsync(connectionId, requestId);
        if (request is null)
        {
            return;
        }
        await EndAsync(request, RequestStatuses.Failed, Truncate(error) ?? "The worker reported a failure");
        await SaveAndDispatchAsync(space with { InFlightRequestId = null, WorkerLastSeenAt = Now }, queueChanged: false);
    }

    /// <summary>
    /// The request, if <paramref name="connectionId"/> holds its current attempt; null for a late or duplicate report
    /// from an earlier attempt or an already finished request, which is ignored rather than refused.
    /// </summary>
    private async Task<(SpaceState Space, RequestState? Request)> LoadCurrentAttemptAsync(string connectionId, string requestId)
    {
        var space = await LoadAsync();
        var request = await LoadRequestAsync(requestId);
        var current = request.Status == RequestStatuses.Processing
            && request.DispatchedTo == connectionId
            && space.InFlightRequestId == requestId
            && space.WorkerConnectionId == connectionId;
        return (space, current ? request : null);
    }

    private async Task<RequestState> LoadRequestAsync(string requestId)
    {
        var request = await _store.GetRequestAsync(requestId);
        return request is not null && request.SpaceId == spaceId ? request : throw SpacesException.RequestNotFound(requestId);
    }

    /// <summary>Ends a request as failed or cancelled and says so on its channel.</summary>
    private async Task EndAsync(RequestState request, string status, string reason)
    {
        var at = time.GetUtcNow();
        await _store.UpdateRequestAsync(request with
        {
            Status = status,
            Error = status == RequestStatuses.Failed ? reason : request.Error,
            Message = status == RequestStatuses.Cancelled ? reason : request.Message,
            CompletedAt = at.ToUnixTimeMilliseconds(),
        });
        var channel = Channels.Request(request.Id);
        if (status == RequestStatuses.Failed)
        {
            turn.Emit(channel, EventTypes.Failed, new RequestFailed(request.Id, status, reason, at));
        }
        else
        {
            turn.Emit(channel, EventTypes.Cancelled, new RequestCancelled(request.Id, status, reason, at));
        }
    }

    private void NotifyWorkerOfCancel(RequestState request)
    {
        if (request.Status == RequestStatuses.Processing && request.DispatchedTo is { } connectionId)
        {
            turn.Emit(Channels.Worker(connectionId), EventTypes.Cancel, new WorkerCancel(request.Id));
        }
    }

    private static string? Truncate(string? text) => text is { Length: > MaxMessageLength } ? text[..MaxMessageLength] : text;
}
