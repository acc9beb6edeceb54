using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Events;
using Spaces.Grains.Abstractions.Indexes;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Grains.Spaces;

public sealed partial class SpaceGrain
{
    /// <summary>A user's newest requests that the request lists can show; older ones stay readable by id.</summary>
    private const int ListedRequests = 1000;

    public async Task<RequestAccepted> SubmitAsync(NewRequest request)
    {
        var state = Loaded();
        if (PositionOf(request.RequestId) is { } known)
        {
            // A repeated submission (the caller's first try timed out): the answer it would have had.
            return new RequestAccepted(request.RequestId, known);
        }
        CheckInputs(state, request);
        // An in-flight request found in the store may have ended meanwhile: then this one can go to the idle worker at once.
        await ConfirmInFlightAsync();
        if (state.Worker is null)
        {
            throw SpacesException.NoWorkerConnected();
        }
        if (state.Queue.Count >= Options.MaxQueueSize)
        {
            throw new SpacesException(ErrorCode.QueueFull, $"The queue of space {state.Name} is full ({Options.MaxQueueSize} requests)");
        }
        // Counted in the turn that queues: calls of one space run one at a time, so parallel submissions cannot slip past.
        var submitter = SubmitterHash(request.SubmitterId);
        var queuedByUser = state.Queue.Count(e => e.Submitter == submitter);
        if (queuedByUser >= Options.MaxQueuedPerUser)
        {
            throw new SpacesException(
                ErrorCode.UserQueueLimit, $"You already have {queuedByUser} requests queued in this space; wait for some to finish");
        }
        // An idle worker takes it at once: the request is stored already leased, one write instead of create then start.
        var entry = new QueueEntry(request.RequestId, submitter, 0, Now.ToUnixTimeMilliseconds());
        var leased = state.InFlight is null && state.Queue.Count == 0;
        Hold(entry, leased);
        Emit(EventTypes.QueueChanged, new QueueChanged(Id, true, state.Queue.Count));
        // The space's write runs beside the request's and the user's list's, and the answer waits for all three. If only the
        // space's lands (a crash), the space holds an id without a stored request: leasing skips it, and an in-flight one is
        // confirmed after the next activation (ConfirmInFlightAsync). If only the request's lands, its space does not hold
        // it, and its next read ends it as failed (RequestGrain.ViewAsync). A listed id whose request was not stored is left
        // out of lists. None of them was acknowledged.
        WorkerRequest? started = null;
        async Task<bool> CreateStartedAsync() => (started = await Request(request.RequestId).CreateStartedAsync(Id, state.Name, request)) is not null;
        // One commit group, so that the embedded store commits the three writes together.
        CommitGroup.Begin(request.RequestId, writes: 3);
        var created = leased ? CreateStartedAsync() : Request(request.RequestId).CreateAsync(Id, request, state.Queue.Count);
        var listed = GrainFactory.GetGrain<IIndexGrain>(Indexes.RequestsOf(request.SubmitterId)).AddAsync(request.RequestId, ListedRequests);
        var stored = StoreAsync();
        CommitGroup.End();
        try
        {
            await Task.WhenAll(created, listed, stored);
        }
        catch (Exception)
        {
            await ForgetAsync(entry, write: stored.IsCompletedSuccessfully);
            throw;
        }
        if (!await created)
        {
            // Stored by an earlier try and moved on since: the space must not hold it.
            await ForgetAsync(entry, write: true);
            return new RequestAccepted(request.RequestId, 0);
        }
        Channel.PublishStaged(Now);
        if (started is not null)
        {
            await DispatchAsync(started);
        }
        ArmTimer();
        return new RequestAccepted(request.RequestId, PositionOf(request.RequestId) ?? 0);
    }

    public async Task CancelAsync(string requestId, string reason)
    {
        var state = Loaded();
        if (state.InFlight is { } inFlight && inFlight.Entry.RequestId == requestId)
        {
            await Request(requestId).CancelAsync(reason);
            state.InFlight = null;
            await TellWorkerOfCancelAsync(inFlight);
            await SaveAndDispatchAsync(queueChanged: false);
            return;
        }
        var index = state.Queue.FindIndex(e => e.RequestId == requestId);
        if (index < 0)
        {
            var record = await Request(requestId).GetAsync();
            throw record is null || record.View.SpaceId != Id
                ? SpacesException.RequestNotFound(requestId)
                : new SpacesException(ErrorCode.RequestNotCancellable, $"Request {requestId} is already {record.View.Status}");
        }
        await Request(requestId).CancelAsync(reason);
        state.Queue.RemoveAt(index);
        await SaveAndDispatchAsync(queueChanged: true);
        PushPositions(from: index);
    }

    public Task<int?> GetPositionAsync(string requestId) => Task.FromResult(PositionOf(requestId));

    /// <summary>Queues <paramref name="entry"/>, or puts it in flight on the idle worker.</summary>
    private void Hold(QueueEntry entry, bool leased)
    {
        if (leased)
        {
            State.InFlight = new InFlightRequest(entry, 1, State.Worker!.Connection.ConnectionId, Now + Options.WorkerLease);
            _inFlightUnconfirmed = false; // this activation sends it
        }
        else
        {
            State.Queue.Add(entry);
        }
    }

    /// <summary>
    /// Lets go of an entry whose request was not stored as asked; <paramref name="write"/> when the space's write of it
    /// landed. If that write fails too, the activation is dropped and the stored entry is settled as after a crash.
    /// </summary>
    private async Task ForgetAsync(QueueEntry entry, bool write)
    {
        Channel.DropStaged();
        if (State.InFlight?.Entry == entry)
        {
            State.InFlight = null;
        }
        State.Queue.Remove(entry);
        if (!write)
        {
            return;
        }
        try
        {
            await SaveAndDispatchAsync(queueChanged: true);
        }
        catch (SpacesException e) when (e.Code == ErrorCode.StorageUnavailable)
        {
            // Logged by the write, and the activation is dropped.
        }
    }

    /// <summary>1-based in the queue, 0 in flight, null when the space does not hold the request.</summary>
    private int? PositionOf(string requestId)
    {
        if (State.InFlight?.Entry.RequestId == requestId || _ending?.Entry.RequestId == requestId)
        {
            return 0;
        }
        var index = State.Queue.FindIndex(e => e.RequestId == requestId);
        return index < 0 ? null : index + 1;
    }

    /// <summary>
    /// Leases the head of the queue to an idle worker, saves, and says the queue changed when it did; then sends the
    /// leased request to the worker's host. A host that cannot take it loses the worker, and the request goes back.
    /// </summary>
    private async Task SaveAndDispatchAsync(bool queueChanged)
    {
        var work = await LeaseHeadAsync();
        if (work is not null)
        {
            await SaveAndDispatchAsync(work);
            return;
        }
        if (queueChanged)
        {
            Emit(EventTypes.QueueChanged, new QueueChanged(Id, State.Worker is not null, State.Queue.Count));
        }
        await SaveAsync();
    }

    /// <summary>Saves the space with <paramref name="work"/> leased, then tells the queue and sends it to the worker's host.</summary>
    private async Task SaveAndDispatchAsync(WorkerRequest work)
    {
        Emit(EventTypes.QueueChanged, new QueueChanged(Id, State.Worker is not null, State.Queue.Count));
        await SaveAsync();
        PushPositions(from: 0);
        await DispatchAsync(work);
    }

    /// <summary>Sends the leased request to the worker's host; a host that cannot take it loses the worker, and the request goes back.</summary>
    private async Task DispatchAsync(WorkerRequest work)
    {
        if (State.Worker is not { } worker)
        {
            return;
        }
        try
        {
            await worker.Connection.Relay.DispatchAsync(worker.Connection.ConnectionId, work).WaitAsync(Options.RelayTimeout);
        }
        catch (Exception e)
        {
            Log.RelayFailed(logger, Id, worker.Connection.ConnectionId, e);
            await DetachAsync(worker.Connection.ConnectionId, "The worker's host could not be reached");
        }
    }

    /// <summary>Moves the head to in flight when a worker is idle; skips heads that ended meanwhile (cancelled, deleted).</summary>
    private async Task<WorkerRequest?> LeaseHeadAsync()
    {
        while (State.Worker is { } worker && State.InFlight is null && State.Queue.Count > 0)
        {
            var head = State.Queue[0];
            var attempt = head.Attempts + 1;
            var work = await Request(head.RequestId).StartAsync(attempt, State.Name);
            // Held until now: a request reading its position meanwhile must not find itself dropped (RequestGrain.ViewAsync).
            State.Queue.RemoveAt(0);
            if (work is not null)
            {
                State.InFlight = new InFlightRequest(head, attempt, worker.Connection.ConnectionId, Now + Options.WorkerLease);
                _inFlightUnconfirmed = false; // this activation sends it
                return work;
            }
        }
        return null;
    }

    /// <summary>
    /// Tells the queued requests from <paramref name="from"/> to the end of the window where they stand now. Past the
    /// window (<see cref="SpaceGrainOptions.PositionWindow"/>) a request reads its position from the space when asked.
    /// </summary>
    private void PushPositions(int from)
    {
        for (var i = from; i < Math.Min(State.Queue.Count, Options.PositionWindow); i++)
        {
            // One-way: a position is a hint, and the next one supersedes it.
            _ = Request(State.Queue[i].RequestId).ReportPositionAsync(i + 1);
        }
    }

    private static void CheckInputs(SpaceState space, NewRequest request)
    {
        if (!space.Inputs.Prompt && request.Prompt.Length > 0)
        {
            throw new SpacesException(ErrorCode.InputNotEnabled, $"Space {space.Name} does not accept a prompt");
        }
        if (request.Files.FirstOrDefault(f => !space.Inputs.AcceptsFileKind(f.Kind)) is { } file)
        {
            throw new SpacesException(ErrorCode.InputNotEnabled, $"Space {space.Name} does not accept {file.Kind} files");
        }
        if (request.Prompt.Length == 0 && request.Files.Count == 0)
        {
            throw new SpacesException(ErrorCode.InvalidInput, "A request needs a prompt or a file");
        }
    }
}
