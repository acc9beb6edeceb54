using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Placement;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Events;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Abstractions.Workers;
using Spaces.Grains.Publishing;

namespace Spaces.Grains.Spaces;

/// <summary>
/// One request and its channel. Its space drives it, naming the attempt each change is for: a change for another
/// attempt, or for a request that has ended, is a late or repeated call and changes nothing. Durable changes are
/// written before they are published; progress and positions are published without a write (a crash may lose a tick).
/// Placed on the silo of its first caller, which is its space: the calls of a submission and of its dispatch stay local.
/// Let go of after two idle minutes, not Orleans' default fifteen: every submission activates a new request, and a space
/// completing 400 a second would otherwise hold some 360,000 of them in memory (a request still followed stays active:
/// its subscribers' hosts renew their place every 10 s; one read later is one storage read).
/// </summary>
[PreferLocalPlacement]
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class RequestGrain(
    [PersistentState("request", GrainStorage.Name)] IPersistentState<RequestState> request,
    ChannelPublishers publishers,
    TimeProvider time,
    ILogger<RequestGrain> logger) : Grain, IRequestGrain
{
    private const int MaxMessageLength = 1000;

    private static readonly string NullResult = JsonSerializer.Serialize<object?>(null);
    private const string NeverQueued = "The space did not record this request (its storage failed); submit it again";

    private ChannelPublisher? _channel;
    private bool _writeFailed;

    private string Id => this.GetPrimaryKeyString();

    private RequestState State => request.State;

    private ChannelPublisher Channel => _channel ?? throw new InvalidOperationException("The request grain is not active");

    private bool IsProcessing(int attempt) => request.RecordExists && State.Status == RequestStatuses.Processing && State.Attempts == attempt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _channel = publishers.Create(Channels.Request(Id), State.SeqReservedThrough);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        Channel.HandBackAsync(request, _writeFailed, e => Log.WriteFailed(logger, Id, e), cancellationToken);

    public async Task<bool> CreateAsync(string spaceId, NewRequest submission, int position)
    {
        if (request.RecordExists)
        {
            // An earlier try stored it: the space may hold it as queued only if it still is.
            return State.Status == RequestStatuses.Queued && State.Attempts == 0;
        }
        Fill(spaceId, submission);
        Emit(EventTypes.Queued, new RequestQueued(Id, spaceId, RequestStatuses.Queued, position, 1));
        await SaveAsync();
        return true;
    }

    public async Task<WorkerRequest?> CreateStartedAsync(string spaceId, string spaceName, NewRequest submission)
    {
        if (request.RecordExists)
        {
            return await StartAsync(1, spaceName);
        }
        Fill(spaceId, submission);
        // The same events as queued at the head, then started: watchers replaying the channel see one history either way.
        Emit(EventTypes.Queued, new RequestQueued(Id, spaceId, RequestStatuses.Queued, 1, 1));
        MarkProcessing(1);
        await SaveAsync();
        return RequestViews.ToWorker(Id, State, spaceName);
    }

    public async Task<RequestRecord?> GetAsync()
    {
        if (!request.RecordExists)
        {
            return null;
        }
        return new RequestRecord(await ViewAsync(), State.SubmitterId, [.. State.Files]);
    }

    public async Task<WorkerRequest?> StartAsync(int attempt, string spaceName)
    {
        if (IsProcessing(attempt))
        {
            return RequestViews.ToWorker(Id, State, spaceName);
        }
        if (!request.RecordExists || State.Status != RequestStatuses.Queued || State.Attempts >= attempt)
        {
            return null;
        }
        MarkProcessing(attempt);
        await SaveAsync();
        return RequestViews.ToWorker(Id, State, spaceName);
    }

    public async Task RequeueAsync(int attempt)
    {
        if (!IsProcessing(attempt))
        {
            return;
        }
        (State.Status, State.Progress, State.Message) = (RequestStatuses.Queued, 0, null);
        Emit(EventTypes.Queued, new RequestQueued(Id, State.SpaceId, RequestStatuses.Queued, 1, attempt + 1));
        await SaveAsync();
    }

    public async Task ReportProgressAsync(int attempt, double percent, string? message)
    {
        if (!IsProcessing(attempt))
        {
            return;
        }
        (State.Progress, State.Message) = (Math.Clamp(percent, 0, 100), Truncate(message));
        Emit(EventTypes.Progress, new RequestProgressed(Id, RequestStatuses.Processing, State.Progress, State.Message, attempt));
        await PublishAsync();
    }

    public async Task CompleteAsync(int attempt, JsonElement result)
    {
        if (!IsProcessing(attempt))
        {
            return;
        }
        var at = time.GetUtcNow();
        (State.Status, State.Progress, State.CompletedAt) = (RequestStatuses.Completed, 100, at);
        State.ResultJson = result.ValueKind == JsonValueKind.Undefined ? NullResult : result.GetRawText();
        Emit(EventTypes.Completed, new RequestCompleted(Id, RequestStatuses.Completed, 100, RequestViews.ResultOf(State)!.Value, at));
        await SaveAsync();
    }

    public async Task FailAsync(int attempt, string error)
    {
        if (!request.RecordExists || RequestStatuses.IsFinished(State.Status) || (attempt != 0 && !IsProcessing(attempt)))
        {
            return;
        }
        await EndAsync(RequestStatuses.Failed, Truncate(error) ?? "The worker reported a failure");
    }

    public async Task<bool> CancelAsync(string reason)
    {
        if (!request.RecordExists || RequestStatuses.IsFinished(State.Status))
        {
            return false;
        }
        await EndAsync(RequestStatuses.Cancelled, reason);
        return true;
    }

    public async Task ReportPositionAsync(int position)
    {
        if (request.RecordExists && State.Status == RequestStatuses.Queued)
        {
            Emit(EventTypes.Position, new QueuePositionChanged(Id, position));
            await PublishAsync();
        }
    }

    public async Task<ResultFile?> SaveResultFileAsync(ResultFile file)
    {
        if (!request.RecordExists)
        {
            throw SpacesException.RequestNotFound(Id);
        }
        if (State.Status != RequestStatuses.Processing)
        {
            throw SpacesException.RequestNotProcessing(Id, State.Status);
        }
        var index = State.ResultFiles.FindIndex(f => f.Name == file.Name);
        var replaced = index >= 0 ? State.ResultFiles[index] : null;
        if (index >= 0)
        {
            State.ResultFiles[index] = file;
        }
        else
        {
            State.ResultFiles.Add(file);
        }
        await SaveAsync();
        return replaced;
    }

    public Task<ResultFile?> GetResultFileAsync(string name) =>
        Task.FromResult(request.RecordExists ? State.ResultFiles.FirstOrDefault(f => f.Name == name) : null);

    public Task JoinAsync(RelayRegistration relay)
    {
        Channel.Join(relay, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task LeaveAsync(IChannelRelay relay)
    {
        Channel.Leave(relay);
        return Task.CompletedTask;
    }

    public async Task<ChannelRead> ReadAsync(long afterSeq) =>
        Channel.Read(afterSeq, request.RecordExists ? await ViewAsync() : new { });

    /// <summary>
    /// The view now; a queued request's position is the space's (it moves with every dispatch ahead of it). An open
    /// request its space does not hold was stored beside a space write that failed or was cut short by a crash: it was
    /// never acknowledged, so it ends as failed here rather than stay open forever.
    /// </summary>
    private async Task<RequestView> ViewAsync()
    {
        if (RequestStatuses.IsFinished(State.Status))
        {
            return RequestViews.From(Id, State, 0);
        }
        var position = await GrainFactory.GetGrain<ISpaceGrain>(State.SpaceId).GetPositionAsync(Id);
        // Checked again: another read of this request may have ended it while this one waited.
        if (position is null && !RequestStatuses.IsFinished(State.Status))
        {
            await EndAsync(RequestStatuses.Failed, NeverQueued);
        }
        return RequestViews.From(Id, State, State.Status == RequestStatuses.Queued ? position ?? 0 : 0);
    }

    /// <summary>The fields of a new request, as its submission gave them.</summary>
    private void Fill(string spaceId, NewRequest submission)
    {
        (State.SpaceId, State.SubmitterId, State.Prompt, State.Files) = (spaceId, submission.SubmitterId, submission.Prompt, [.. submission.Files]);
        (State.Status, State.CreatedAt) = (RequestStatuses.Queued, time.GetUtcNow());
    }

    private void MarkProcessing(int attempt)
    {
        (State.Status, State.Attempts, State.StartedAt, State.Progress, State.Message) =
            (RequestStatuses.Processing, attempt, time.GetUtcNow(), 0, null);
        Emit(EventTypes.Progress, new RequestProgressed(Id, RequestStatuses.Processing, 0, "Processing", attempt));
    }

    private async Task EndAsync(string status, string reason)
    {
        var at = time.GetUtcNow();
        (State.Status, State.CompletedAt) = (status, at);
        if (status == RequestStatuses.Failed)
        {
            State.Error = reason;
            Emit(EventTypes.Failed, new RequestFailed(Id, status, reason, at));
        }
        else
        {
            State.Message = reason;
            Emit(EventTypes.Cancelled, new RequestCancelled(Id, status, reason, at));
        }
        await SaveAsync();
    }

    private void Emit(string type, object data) => Channel.Stage(type, data);

    /// <summary>Publishes what was emitted, writing first only when the seq reservation moved (see <see cref="SaveAsync"/>).</summary>
    private Task PublishAsync() => Channel.ReservationChanged ? SaveAsync() : PublishPendingAsync();

    /// <summary>Writes the state with the channel's reservation, then publishes; a failed write drops this activation (a 503).</summary>
    private async Task SaveAsync()
    {
        await Channel.StoreAsync(request, WriteFailed);
        await PublishPendingAsync();
    }

    private void WriteFailed(Exception e)
    {
        Log.WriteFailed(logger, Id, e);
        _writeFailed = true;
        DeactivateOnIdle();
    }

    private Task PublishPendingAsync()
    {
        Channel.PublishStaged(time.GetUtcNow());
        return Task.CompletedTask;
    }

    private static string? Truncate(string? text) => text is { Length: > MaxMessageLength } ? text[..MaxMessageLength] : text;

    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Error, "Writing the state of request {RequestId} failed")]
        public static partial void WriteFailed(ILogger logger, string requestId, Exception exception);
    }
}
