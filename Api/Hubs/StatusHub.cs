using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Spaces.Api.Auth;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Silo.Stores;

namespace Spaces.Api.Hubs;

/// <summary>
/// <c>/hubs/status</c>: <c>Subscribe(channel, afterSeq)</c> answers with a snapshot and the channel's current seq,
/// then sends every event after <c>afterSeq</c> (logged ones first) as <c>Event</c>. A negative afterSeq means
/// "from this snapshot on". Clients keep the last seq they saw and pass it again after a reconnect.
/// </summary>
[Authorize(Policy = AuthSetup.AnyCallerPolicy)]
public sealed class StatusHub(
    ISpaceQueries spaces,
    IRequestQueries requests,
    IDatasetQueries datasets,
    ChannelPumps pumps,
    HubConnections connections,
    IHubContext<StatusHub> hubContext) : Hub
{
    public const string EventMethod = "Event";

    public sealed record Subscription(string Channel, long Seq, object Snapshot);

    public sealed record EventMessage(string Channel, long Seq, string Type, JsonElement Data);

    public override Task OnConnectedAsync()
    {
        if (Context.User!.WorkerTokenId() is { } tokenId)
        {
            connections.Track(Context, tokenId);
        }
        return Task.CompletedTask;
    }

    public async Task<Subscription> Subscribe(string channel, long afterSeq)
    {
        if (!Channels.TryParse(channel, out var kind, out var id))
        {
            throw new SpacesException(ErrorCode.ChannelNotFound, $"Unknown channel: {channel}");
        }
        var (snapshot, seq) = await ReadSnapshotAsync(channel, kind, id, Context.User!);
        var client = hubContext.Clients.Client(Context.ConnectionId);
        pumps.Start(Context.ConnectionId, channel, afterSeq < 0 ? seq : afterSeq, (e, ct) =>
            client.SendAsync(EventMethod, new EventMessage(e.Channel, e.Seq, e.Type, e.Data), ct));
        return new Subscription(channel, seq, snapshot);
    }

    public void Unsubscribe(string channel) => pumps.Stop(Context.ConnectionId, channel);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        pumps.StopAll(Context.ConnectionId);
        connections.Forget(Context.ConnectionId);
        return Task.CompletedTask;
    }

    /// <summary>The channel's snapshot, if the caller may watch it; otherwise the channel does not exist for them.</summary>
    private async Task<(object Snapshot, long Seq)> ReadSnapshotAsync(string channel, ChannelKind kind, string id, ClaimsPrincipal user)
    {
        var ct = Context.ConnectionAborted;
        switch (kind)
        {
            case ChannelKind.SpaceStatus:
                var (space, spaceSeq) = await spaces.GetSnapshotAsync(id, ct);
                if (space is not null && user.CanSeeSpace(id))
                {
                    return (space, spaceSeq);
                }
                break;
            case ChannelKind.Request:
                var (request, requestSeq) = await requests.GetSnapshotAsync(id, ct);
                if (request is not null && user.CanSee(request))
                {
                    return (request.View, requestSeq);
                }
                break;
            case ChannelKind.DatasetProgress:
                var (dataset, datasetSeq) = await datasets.GetSnapshotAsync(id, ct);
                if (dataset is not null && user.CanSee(dataset))
                {
                    return (dataset.View, datasetSeq);
                }
                break;
            default:
                // Worker channels are internal.
                break;
        }
        throw new SpacesException(ErrorCode.ChannelNotFound, $"Unknown channel: {channel}");
    }
}
