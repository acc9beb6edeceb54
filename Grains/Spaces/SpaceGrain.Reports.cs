using System.Text.Json;
using Spaces.Grains.Abstractions.Errors;

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
            await Request(requestId).CompleteAsync(inFlight.Attempt, result);
            await EndInFlightAsync();
        }
    }

    public async Task FailAsync(string connectionId, string requestId, string error)
    {
        if (CurrentAttempt(connectionId, requestId) is { } inFlight)
        {
            await Request(requestId).FailAsync(inFlight.Attempt, error);
            await EndInFlightAsync();
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

    private async Task EndInFlightAsync()
    {
        State.InFlight = null;
        if (State.Worker is { } worker)
        {
            State.Worker = worker with { LastSeenAt = Now };
        }
        await SaveAndDispatchAsync(queueChanged: false);
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
