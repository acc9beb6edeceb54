using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Events;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Grains.Spaces;

public sealed partial class SpaceGrain
{
    public async Task AttachWorkerAsync(WorkerAttachment worker)
    {
        var state = Loaded();
        if (state.Worker is { } current)
        {
            if (current.Connection.ConnectionId == worker.ConnectionId)
            {
                return;
            }
            if (await StillConnectedAsync(current.Connection))
            {
                throw new SpacesException(ErrorCode.SpaceAlreadyHasWorker, $"Space {state.Name} already has a connected worker");
            }
            await DetachAsync(current.Connection.ConnectionId, "The worker's connection is gone");
        }
        var now = Now;
        state.Worker = new AttachedWorker(worker, now, now);
        state.DisconnectedAt = null;
        await SyncExpiryReminderAsync();
        Emit(EventTypes.WorkerConnected, new WorkerAttached(Id, true, state.Queue.Count, now));
        await SaveAndDispatchAsync(queueChanged: false);
        ArmTimer();
    }

    public async Task DetachWorkerAsync(string connectionId, string reason)
    {
        if (space.RecordExists)
        {
            await DetachAsync(connectionId, reason);
        }
    }

    public async Task<int> CheckTimeoutsAsync()
    {
        if (!space.RecordExists)
        {
            return 0;
        }
        if (State.Worker is { } worker)
        {
            await CheckWorkerAsync(worker);
        }
        await ConfirmInFlightAsync();
        var failed = await ExpireQueuedAsync();
        if (State.ExpiryReminder != ExpiryNeeded)
        {
            await SyncExpiryReminderAsync();
            await SaveAsync();
        }
        ArmTimer();
        return failed;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
        {
            return;
        }
        if (!space.RecordExists)
        {
            if (await this.GetReminder(ExpiryReminder) is { } stale)
            {
                await this.UnregisterReminder(stale);
            }
            return;
        }
        await CheckTimeoutsAsync();
    }

    /// <summary>Queued requests wait for a worker: the timer checks them while this activation lives, the reminder after a restart.</summary>
    private bool ExpiryNeeded => space.RecordExists && State.Worker is null && State.Queue.Count > 0;

    /// <summary>Registers or drops the expiry reminder as <see cref="ExpiryNeeded"/> says; the caller writes the state.</summary>
    private async Task SyncExpiryReminderAsync()
    {
        var needed = ExpiryNeeded;
        if (needed == State.ExpiryReminder)
        {
            return;
        }
        if (needed)
        {
            // A minute is the shortest reminder period; the timeout is counted from DisconnectedAt either way.
            await this.RegisterOrUpdateReminder(ExpiryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        else if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        State.ExpiryReminder = needed;
    }

    /// <summary>
    /// The first check after an activation asks the in-flight request whether it holds that attempt. It may not: the space
    /// is written beside a new request, and a crash can keep the space's write alone; or the request ended or went back
    /// before the space wrote that. Then it goes back to the head, where leasing starts it again or skips it (no stored
    /// request, or one that has ended). If it does, the worker's host is asked whether the worker has it: a lease is sent
    /// only after the write that stores it, so a stored lease may never have gone out (the write landed but its answer was
    /// lost, which reads as a failed write and drops the activation before the dispatch; or a crash in between). The
    /// check's lease renewal only says the worker is connected, so without this the request would wait forever.
    /// A check that fails is made again at the next one.
    /// </summary>
    private async Task ConfirmInFlightAsync()
    {
        if (_inFlightUnconfirmed && (State.InFlight is not { } inFlight || await ConfirmAsync(inFlight)))
        {
            _inFlightUnconfirmed = false;
        }
    }

    /// <summary>Requeues or re-sends <paramref name="inFlight"/> as <see cref="ConfirmInFlightAsync"/> says; false when the worker's host did not answer.</summary>
    private async Task<bool> ConfirmAsync(InFlightRequest inFlight)
    {
        var work = await Request(inFlight.Entry.RequestId).StartAsync(inFlight.Attempt, State.Name);
        if (work is null)
        {
            State.InFlight = null;
            State.Queue.Insert(0, inFlight.Entry with { Attempts = inFlight.Attempt });
            await SaveAndDispatchAsync(queueChanged: true);
            return true;
        }
        if (State.Worker is not { } worker || worker.Connection.ConnectionId != inFlight.ConnectionId)
        {
            return true;
        }
        bool held;
        try
        {
            held = await worker.Connection.Relay.HoldsAsync(inFlight.ConnectionId, inFlight.Entry.RequestId).WaitAsync(Options.RelayTimeout);
        }
        catch (Exception e)
        {
            Log.CheckFailed(logger, Id, e);
            return false;
        }
        if (!held)
        {
            Log.Redispatching(logger, Id, inFlight.Entry.RequestId, inFlight.Attempt);
            await DispatchAsync(work);
        }
        return true;
    }

    /// <summary>
    /// A worker whose host says the connection is gone, or whose host membership declares dead, is detached at once; one
    /// whose host does not answer keeps its lease until it runs out, so a slow moment is not a lost request.
    /// </summary>
    private async Task CheckWorkerAsync(AttachedWorker worker)
    {
        var connection = worker.Connection;
        bool connected;
        try
        {
            connected = IsHostAlive(connection.Host)
                && await connection.Relay.IsConnectedAsync(connection.ConnectionId).WaitAsync(Options.RelayTimeout);
        }
        catch (Exception e)
        {
            Log.CheckFailed(logger, Id, e);
            if (State.InFlight is { } held && held.LeaseUntil < Now)
            {
                await DetachAsync(connection.ConnectionId, "The worker's lease expired");
            }
            return;
        }
        if (!connected)
        {
            await DetachAsync(connection.ConnectionId, "The worker's connection is gone");
            return;
        }
        // Renewed in memory only: a lease is soft state, written with the next change.
        State.Worker = worker with { LastSeenAt = Now };
        if (State.InFlight is { } inFlight)
        {
            State.InFlight = inFlight with { LeaseUntil = Now + Options.WorkerLease };
        }
    }

    private async Task<int> ExpireQueuedAsync()
    {
        var state = State;
        if (state.Worker is not null || state.DisconnectedAt is not { } since || state.Queue.Count == 0
            || Now - since < Options.QueuedTimeoutWithoutWorker)
        {
            return 0;
        }
        var reason = $"No worker connected for {Options.QueuedTimeoutWithoutWorker.TotalSeconds:0} s; the request was not processed";
        var expired = state.Queue.ToList();
        await Task.WhenAll(expired.Select(e => Request(e.RequestId).FailAsync(0, reason)));
        state.Queue.Clear();
        await SyncExpiryReminderAsync();
        Emit(EventTypes.QueueChanged, new QueueChanged(Id, false, 0));
        await SaveAsync();
        Log.QueueExpired(logger, Id, expired.Count);
        return expired.Count;
    }

    /// <summary>Detaches the worker if it is <paramref name="connectionId"/>; its in-flight request goes back to the head, or fails past the attempt limit.</summary>
    private async Task DetachAsync(string connectionId, string reason)
    {
        var state = State;
        if (state.Worker?.Connection.ConnectionId != connectionId)
        {
            return;
        }
        var requeued = false;
        if (state.InFlight is { } inFlight)
        {
            requeued = await ReturnToQueueAsync(inFlight);
            Emit(EventTypes.QueueChanged, new QueueChanged(Id, true, state.Queue.Count));
        }
        (state.Worker, state.InFlight, state.DisconnectedAt) = (null, null, Now);
        await SyncExpiryReminderAsync();
        Emit(EventTypes.WorkerDisconnected, new WorkerDetached(Id, false, state.Queue.Count, reason, Now));
        await SaveAsync();
        if (requeued)
        {
            PushPositions(from: 1);
        }
        ArmTimer();
    }

    /// <summary>True when the request is queued again; false when it failed, its attempts used up.</summary>
    private async Task<bool> ReturnToQueueAsync(InFlightRequest inFlight)
    {
        var request = Request(inFlight.Entry.RequestId);
        if (inFlight.Attempt >= Options.MaxAttempts)
        {
            await request.FailAsync(inFlight.Attempt, $"The worker disconnected during each of {inFlight.Attempt} attempts");
            return false;
        }
        await request.RequeueAsync(inFlight.Attempt);
        State.Queue.Insert(0, inFlight.Entry with { Attempts = inFlight.Attempt });
        return true;
    }

    private async Task TellWorkerOfCancelAsync(InFlightRequest inFlight)
    {
        if (State.Worker is not { } worker || worker.Connection.ConnectionId != inFlight.ConnectionId)
        {
            return;
        }
        try
        {
            await worker.Connection.Relay.CancelAsync(inFlight.ConnectionId, new WorkerCancel(inFlight.Entry.RequestId)).WaitAsync(Options.RelayTimeout);
        }
        catch (Exception e)
        {
            // The request has ended either way; a worker that never hears of it has its later reports ignored.
            Log.RelayFailed(logger, Id, inFlight.ConnectionId, e);
        }
    }

    /// <summary>Whether the worker's host is alive and still holds the connection; an unreachable host counts as gone.</summary>
    private async Task<bool> StillConnectedAsync(WorkerAttachment connection)
    {
        try
        {
            return IsHostAlive(connection.Host) && await connection.Relay.IsConnectedAsync(connection.ConnectionId).WaitAsync(Options.RelayTimeout);
        }
        catch (Exception e)
        {
            Log.RelayFailed(logger, Id, connection.ConnectionId, e);
            return false;
        }
    }

    /// <summary>A host membership does not know (a previous run of this host, another port) or declares dead holds no connection any more.</summary>
    private bool IsHostAlive(SiloAddress host) =>
        host.Equals(silo.SiloAddress) || membership.CurrentSnapshot.GetSiloStatus(host) is not (SiloStatus.Dead or SiloStatus.None);

    /// <summary>The timer runs while there is something to watch: an attached worker, or queued requests waiting for one.</summary>
    private void ArmTimer()
    {
        var needed = space.RecordExists && (State.Worker is not null || State.Queue.Count > 0);
        if (needed && _timer is null)
        {
            _timer = this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(Options.CheckInterval, Options.CheckInterval) { KeepAlive = true });
        }
        else if (!needed && _timer is not null)
        {
            _timer.Dispose();
            _timer = null;
        }
    }

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CheckTimeoutsAsync();
        }
        catch (Exception e)
        {
            Log.TimerFailed(logger, Id, e);
        }
    }
}
