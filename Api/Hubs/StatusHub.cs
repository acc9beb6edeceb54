using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Spaces.Api.Auth;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Silo.Relay;
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
    HostRelay relay,
    HubConnections connections,
    HubSessions sessions,
    IHubContext<StatusHub> hubContext) : Hub
{
    public const string EventMethod = "Event";

    public sealed record Subscription(string Channel, long Seq, object Snapshot, bool Reset);

    public sealed record EventMessage(string Channel, long Seq, string Type, JsonElement Data);

    public override async Task OnConnectedAsync()
    {
        if (Context.User!.WorkerTokenId() is { } tokenId)
        {
            connections.Track(Context, tokenId);
        }
        else
        {
            await sessions.TrackAsync(Context);
        }
    }

    public async Task<Subscription> Subscribe(string channel, long afterSeq)
    {
        if (!Channels.TryParse(channel, out var kind, out var id))
        {
            throw new SpacesException(ErrorCode.ChannelNotFound, $"Unknown channel: {channel}");
        }
        var client = hubContext.Clients.Client(Context.ConnectionId);
        if (kind == ChannelKind.DatasetProgress)
        {
            if (await datasets.GetAsync(id, Context.ConnectionAborted) is not { } dataset || !Context.User!.CanSee(dataset))
            {
                throw new SpacesException(ErrorCode.ChannelNotFound, $"Unknown channel: {channel}");
            }
            var read = await relay.SubscribeAsync(Context.ConnectionId, channel, afterSeq, (m, ct) =>
                client.SendAsync(EventMethod, new EventMessage(m.Channel, m.Seq, m.Type, JsonSerializer.Deserialize<JsonElement>(m.Data)), ct));
            return new Subscription(channel, read.Seq, JsonSerializer.Deserialize<JsonElement>(read.Snapshot), read.Reset);
        }
        var (snapshot, seq) = await ReadSnapshotAsync(channel, kind, id, Context.User!);
        pumps.Start(Context.ConnectionId, channel, afterSeq < 0 ? seq : afterSeq, (e, ct) =>
            client.SendAsync(EventMethod, new EventMessage(e.Channel, e.Seq, e.Type, e.Data), ct));
        return new Subscription(channel, seq, snapshot, Reset: false);
    }

    public void Unsubscribe(string channel)
    {
        pumps.Stop(Context.ConnectionId, channel);
        relay.Unsubscribe(Context.ConnectionId, channel);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        pumps.StopAll(Context.ConnectionId);
        relay.UnsubscribeAll(Context.ConnectionId);
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
            default:
                // Worker channels are internal.
                break;
        }
        throw new SpacesException(ErrorCode.ChannelNotFound, $"Unknown channel: {channel}");
    }
}
