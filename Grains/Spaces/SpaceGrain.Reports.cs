using System.Text.Json;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Grains.Spaces;

public sealed partial class SpaceGrain
{
    public async Task ReportProgressAsync(string connectionId, string requestId, double percent, string? message)
    {
        if (!double.IsFinite(percent))
        {
            throw new SpacesException(ErrorCode.InvalidInput, "Progress must be a number from 0 to 100");
        }
        if (CurrentAttempt(connectionId, requestId) is { } inFlight)
        {
            RenewLease(inFlight);
            await Request(requestId).ReportProgressAsync(inFlight.Attempt, percent, message);
        }
    }

    public async Task CompleteAsync(string connectionId, string requestId, JsonElement result)
    {
        if (CurrentAttempt(connectionId, requestId) is { } inFlight)
        {
            await EndInFlightAsync(Request(requestId).CompleteAsync(inFlight.Attempt, result));
        }
    }

    public async Task FailAsync(string connectionId, string requestId, string error)
    {
        if (CurrentAttempt(connectionId, requestId) is { } inFlight)
        {
            await EndInFlightAsync(Request(requestId).FailAsync(inFlight.Attempt, error));
        }
    }

    /// <summary>
    /// The in-flight request, if <paramref name="connectionId"/> holds it; null for a late or duplicate report from an
    /// earlier attempt or of an already finished request, which is ignored rather than refused.
    /// </summary>
    private InFlightRequest? CurrentAttempt(string connectionId, string requestId) =>
        space.RecordExists && State.InFlight is { } inFlight && inFlight.Entry.RequestId == requestId
            && inFlight.ConnectionId == connectionId && State.Worker?.Connection.ConnectionId == connectionId
            ? inFlight
            : null;

    /// <summary>
    /// Ends the in-flight request while <paramref name="ending"/> stores its outcome, and leases the next one beside that
    /// write: two writes in a row before the next dispatch (the outcome and the next start together, then the space)
    /// instead of three. The space forgets the ended request only in a write after the outcome is stored, so a crash
    /// never loses it; a next request started but not yet held by the stored space is started again by the same attempt.
    /// Until then the ended request still reads as in flight (<see cref="_ending"/>): its view, asking its position
    /// meanwhile, must not find it dropped. With nothing to lease the space is not written at all: an ended in-flight
    /// request is soft state, written with the next change, and an activation that finds it stored confirms it with the
    /// request first (see ConfirmInFlightAsync).
    /// </summary>
    private async Task EndInFlightAsync(Task ending)
    {
        _ending = State.InFlight;
        State.InFlight = null;
        if (State.Worker is { } worker)
        {
            State.Worker = worker with { LastSeenAt = Now };
        }
        var leasing = LeaseHeadAsync();
        WorkerRequest? work;
        try
        {
            await Task.WhenAll(ending, leasing);
            work = await leasing;
        }
        catch (Exception)
        {
            // Memory is ahead of the store (the request forgotten, maybe the next one leased): start again from the store.
            // The ended request keeps reading as in flight until then, as the store says it is.
            MemoryAheadOfStore();
            throw;
        }
        _ending = null;
        if (work is not null)
        {
            await SaveAndDispatchAsync(work);
        }
    }

    private void RenewLease(InFlightRequest inFlight)
    {
        State.InFlight = inFlight with { LeaseUntil = Now + Options.WorkerLease };
        if (State.Worker is { } worker)
        {
            State.Worker = worker with { LastSeenAt = Now };
        }
    }
}
