using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Api.Hubs;

/// <summary>
/// SignalR's own lifetime manager for <see cref="StatusHub"/>, plus a send that serializes each channel event once per host:
/// the relay hands the same <see cref="ChannelMessage"/> to every local subscriber, so its <c>Event</c> invocation is parsed
/// and serialized once (per protocol, as SignalR's group sends do) and each connection only copies the bytes, where a send
/// through <c>Clients.Client(id)</c> parsed and serialized the payload again for every connection.
/// </summary>
public sealed class StatusHubLifetimeManager(ILogger<DefaultHubLifetimeManager<StatusHub>> logger) : DefaultHubLifetimeManager<StatusHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new(StringComparer.Ordinal);

    // Keyed by the message instance, so an entry lives as long as something (a subscriber's held events) still holds that message.
    private readonly ConditionalWeakTable<ChannelMessage, SerializedHubMessage> _serialized = [];

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }

    /// <summary>Sends <c>Event({channel, seq, type, data})</c> to one connection; nothing when it has gone.</summary>
    public ValueTask SendEventAsync(string connectionId, ChannelMessage message) =>
        _connections.TryGetValue(connectionId, out var connection) ? connection.WriteAsync(_serialized.GetValue(message, Serialize)) : default;

    private static SerializedHubMessage Serialize(ChannelMessage m) => new(new InvocationMessage(
        StatusHub.EventMethod, [new StatusHub.EventMessage(m.Channel, m.Seq, m.Type, JsonSerializer.Deserialize<JsonElement>(m.Data))]));
}
