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
/// then sends every event after <c>afterSeq</c> (retained ones first) as <c>Event</c>. A negative afterSeq means
/// "from this snapshot on". Clients keep the last seq they saw and pass it again after a reconnect. Every channel
/// comes from its owner grain through this host's <see cref="HostRelay"/>.
/// </summary>
[Authorize(Policy = AuthSetup.AnyCallerPolicy)]
public sealed class StatusHub(
    ISpaceQueries spaces,
    IRequestQueries requests,
    IDatasetQueries datasets,
    HostRelay relay,
    HubConnections connections,
    HubSessions sessions,
    StatusHubLifetimeManager lifetime) : Hub
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
        if (!Channels.TryParse(channel, out var kind, out var id) || !await MaySeeAsync(kind, id))
        {
            throw new SpacesException(ErrorCode.ChannelNotFound, $"Unknown channel: {channel}");
        }
        // Captures two locals, not this hub (a primary constructor's parameters would): a subscription outlives the call.
        var (connectionId, events) = (Context.ConnectionId, lifetime);
        var read = await relay.SubscribeAsync(connectionId, channel, afterSeq, m => events.SendEventAsync(connectionId, m));
        return new Subscription(channel, read.Seq, JsonSerializer.Deserialize<JsonElement>(read.Snapshot), read.Reset);
    }

    public void Unsubscribe(string channel) => relay.Unsubscribe(Context.ConnectionId, channel);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        relay.UnsubscribeAll(Context.ConnectionId);
        connections.Forget(Context.ConnectionId);
        return Task.CompletedTask;
    }

    /// <summary>Whether the channel's entity exists and the caller may watch it; otherwise the channel does not exist for them.</summary>
    private async Task<bool> MaySeeAsync(ChannelKind kind, string id)
    {
        var (user, ct) = (Context.User!, Context.ConnectionAborted);
        return kind switch
        {
            ChannelKind.SpaceStatus => user.CanSeeSpace(id) && await spaces.GetAsync(id, ct) is not null,
            ChannelKind.Request => await requests.GetAsync(id, ct) is { } request && user.CanSee(request),
            ChannelKind.DatasetProgress => await datasets.GetAsync(id, ct) is { } dataset && user.CanSee(dataset),
            _ => false,
        };
    }
}
