using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Orleans;
using Spaces.Api.Auth;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Workers;
using Spaces.Silo.Relay;

namespace Spaces.Api.Hubs;

/// <summary>
/// <c>/hubs/worker</c>: a worker registers for spaces by name, then reports on the requests dispatched to it. Spaces
/// reach it through this host's <see cref="WorkerRelay"/>, so the space's grain never talks to SignalR.
/// </summary>
[Authorize(Policy = AuthSetup.WorkerPolicy)]
public sealed class WorkerHub(IGrainFactory grains, WorkerRelay relay, HubConnections connections) : Hub<IWorkerClient>
{
    private const int MaxSpacesPerWorker = 50;

    public override Task OnConnectedAsync()
    {
        connections.Track(Context, Context.User!.WorkerTokenId()!);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<WorkerRegistration>> Register(string[] spaceNames)
    {
        var names = spaceNames?.Select(n => n?.Trim() ?? "").Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToArray() ?? [];
        if (names.Length is 0 or > MaxSpacesPerWorker)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Register needs 1 to {MaxSpacesPerWorker} space names");
        }
        var token = await grains.GetGrain<IWorkerTokenGrain>(Context.User!.WorkerTokenId()!).GetAsync();
        if (token is null || token.RevokedAt is not null)
        {
            Context.Abort();
            throw new SpacesException(ErrorCode.Unauthorized, "This worker token has been revoked");
        }
        var directory = grains.GetGrain<ISpaceDirectoryGrain>(ISpaceDirectoryGrain.Key);
        var targets = new List<WorkerRegistration>();
        foreach (var name in names)
        {
            var ids = await directory.FindAsync(name);
            var spaceId = ids.Count switch
            {
                0 => throw SpacesException.SpaceNotFound(name),
                1 => ids[0],
                _ => throw new SpacesException(ErrorCode.DuplicateSpaceName, $"Multiple spaces with name found: {name}"),
            };
            if (!Context.User!.IsWorkerFor(spaceId))
            {
                throw new SpacesException(ErrorCode.Forbidden, $"This worker token is not allowed for space {name}");
            }
            targets.Add(new WorkerRegistration(name, spaceId, Context.ConnectionId));
        }
        await AttachAllAsync(targets);
        return targets;
    }

    public async Task Progress(string requestId, double percent, string? message) =>
        await Space(await SpaceOfAsync(requestId)).ReportProgressAsync(Context.ConnectionId, requestId, percent, message);

    public async Task Complete(string requestId, JsonElement result)
    {
        await Space(await SpaceOfAsync(requestId)).CompleteAsync(Context.ConnectionId, requestId, result);
        connections.Ended(Context.ConnectionId, requestId);
    }

    public async Task Fail(string requestId, string error)
    {
        await Space(await SpaceOfAsync(requestId)).FailAsync(Context.ConnectionId, requestId, error ?? "");
        connections.Ended(Context.ConnectionId, requestId);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var connectionId = Context.ConnectionId;
        var attached = connections.Attached(connectionId);
        connections.Forget(connectionId);
        var reason = exception is null ? "The worker disconnected" : "The worker's connection was lost";
        await Task.WhenAll(attached.Select(spaceId => Space(spaceId).DetachWorkerAsync(connectionId, reason)));
    }

    private ISpaceGrain Space(string spaceId) => grains.GetGrain<ISpaceGrain>(spaceId);

    /// <summary>All or nothing: if one space refuses, the ones attached by this call are detached again.</summary>
    private async Task AttachAllAsync(List<WorkerRegistration> targets)
    {
        var done = new List<string>();
        try
        {
            foreach (var target in targets)
            {
                // Recorded before attaching: the space dispatches within the attach, and a disconnect must find it.
                if (!connections.TryAddAttached(Context.ConnectionId, target.SpaceId))
                {
                    throw new SpacesException(ErrorCode.InvalidInput, "The connection closed during registration");
                }
                done.Add(target.SpaceId);
                await Space(target.SpaceId).AttachWorkerAsync(relay.Attachment(Context.ConnectionId));
            }
        }
        catch
        {
            foreach (var spaceId in done)
            {
                connections.RemoveAttached(Context.ConnectionId, spaceId);
                await Space(spaceId).DetachWorkerAsync(Context.ConnectionId, "Registration failed");
            }
            throw;
        }
    }

    /// <summary>The space that sent the request here, or else the request's own, if this connection is attached to it.</summary>
    private async Task<string> SpaceOfAsync(string requestId)
    {
        if (string.IsNullOrEmpty(requestId) || !GrainKeys.IsWellFormed(requestId))
        {
            throw SpacesException.RequestNotFound(requestId ?? "");
        }
        var spaceId = connections.DispatchedBy(Context.ConnectionId, requestId)
            ?? (await grains.GetGrain<IRequestGrain>(requestId).GetAsync())?.View.SpaceId;
        return spaceId is not null && connections.IsAttached(Context.ConnectionId, spaceId)
            ? spaceId
            : throw SpacesException.RequestNotFound(requestId);
    }
}
