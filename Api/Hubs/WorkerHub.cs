using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Orleans;
using Spaces.Api.Auth;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Abstractions.Workers;
using Spaces.Silo.Hosting;
using Spaces.Silo.Runtime;
using Spaces.Silo.Stores;

namespace Spaces.Api.Hubs;

/// <summary>
/// <c>/hubs/worker</c>: a worker registers for spaces by name, then reports on the requests dispatched to it.
/// Dispatches reach it through its <c>workers/{connectionId}</c> channel, so the space's grain never talks to SignalR.
/// </summary>
[Authorize(Policy = AuthSetup.WorkerPolicy)]
public sealed class WorkerHub(
    GrainFactory grains,
    ISpaceQueries spaces,
    IRequestQueries requests,
    IGrainFactory orleans,
    HubConnections connections,
    ChannelPumps pumps,
    SiloNode node,
    IHubContext<WorkerHub, IWorkerClient> hubContext) : Hub<IWorkerClient>
{
    private const int MaxSpacesPerWorker = 50;

    public override Task OnConnectedAsync()
    {
        var connectionId = Context.ConnectionId;
        connections.Track(Context, Context.User!.WorkerTokenId()!);
        var worker = hubContext.Clients.Client(connectionId);
        pumps.Start(connectionId, Channels.Worker(connectionId), 0, (e, _) => e.Type switch
        {
            EventTypes.Dispatch => worker.Request(e.Data.Deserialize<WorkerRequest>(SpacesJson.Options)!),
            EventTypes.Cancel => worker.Cancel(e.Data.Deserialize<WorkerCancel>(SpacesJson.Options)!),
            _ => Task.CompletedTask,
        });
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<WorkerRegistration>> Register(string[] spaceNames)
    {
        var names = spaceNames?.Select(n => n?.Trim() ?? "").Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToArray() ?? [];
        if (names.Length is 0 or > MaxSpacesPerWorker)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Register needs 1 to {MaxSpacesPerWorker} space names");
        }
        var token = await orleans.GetGrain<IWorkerTokenGrain>(Context.User!.WorkerTokenId()!).GetAsync();
        if (token is null || token.RevokedAt is not null)
        {
            Context.Abort();
            throw new SpacesException(ErrorCode.Unauthorized, "This worker token has been revoked");
        }
        var targets = new List<WorkerRegistration>();
        foreach (var name in names)
        {
            var ids = await spaces.FindIdsByNameAsync(name, Context.ConnectionAborted);
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
        await grains.GetSpace(await SpaceOfAsync(requestId)).ReportProgressAsync(Context.ConnectionId, requestId, percent, message);

    public async Task Complete(string requestId, JsonElement result) =>
        await grains.GetSpace(await SpaceOfAsync(requestId)).CompleteAsync(Context.ConnectionId, requestId, result);

    public async Task Fail(string requestId, string error) =>
        await grains.GetSpace(await SpaceOfAsync(requestId)).FailAsync(Context.ConnectionId, requestId, error ?? "");

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var connectionId = Context.ConnectionId;
        pumps.StopAll(connectionId);
        var attached = connections.Attached(connectionId);
        connections.Forget(connectionId);
        var reason = exception is null ? "The worker disconnected" : "The worker's connection was lost";
        foreach (var spaceId in attached)
        {
            await grains.GetSpace(spaceId).DetachWorkerAsync(connectionId, reason);
        }
    }

    /// <summary>All or nothing: if one space refuses, the ones attached by this call are detached again.</summary>
    private async Task AttachAllAsync(List<WorkerRegistration> targets)
    {
        var done = new List<string>();
        try
        {
            foreach (var target in targets)
            {
                await grains.GetSpace(target.SpaceId).AttachWorkerAsync(Context.ConnectionId, node.Id);
                done.Add(target.SpaceId);
                if (!connections.TryAddAttached(Context.ConnectionId, target.SpaceId))
                {
                    throw new SpacesException(ErrorCode.InvalidInput, "The connection closed during registration");
                }
            }
        }
        catch
        {
            foreach (var spaceId in done)
            {
                await grains.GetSpace(spaceId).DetachWorkerAsync(Context.ConnectionId, "Registration failed");
            }
            throw;
        }
    }

    private async Task<string> SpaceOfAsync(string requestId)
    {
        var spaceId = string.IsNullOrEmpty(requestId) ? null : await requests.GetSpaceIdAsync(requestId, Context.ConnectionAborted);
        return spaceId is not null && connections.IsAttached(Context.ConnectionId, spaceId)
            ? spaceId
            : throw SpacesException.RequestNotFound(requestId ?? "");
    }
}
