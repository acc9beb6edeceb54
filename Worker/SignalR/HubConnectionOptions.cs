using System.Text.Json;
using Spaces.Grains.Abstractions;

namespace Spaces.Worker.SignalR;

/// <summary>Settings of one <see cref="HubConnection"/>. Defaults match the official .NET client.</summary>
public sealed class HubConnectionOptions
{
    /// <summary>The hub's http(s) URL, e.g. <c>http://localhost:5000/hubs/worker</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c> on negotiate and on the WebSocket upgrade; never in a URL or a log line.</summary>
    public string? AccessToken { get; init; }

    /// <summary>A Ping is sent when nothing else has been sent for this long. Default 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The connection is closed when nothing has been received for this long. Default 30 s (twice the server's keep-alive).</summary>
    public TimeSpan ServerTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long negotiate, connect and the handshake may take together. Default 15 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A message from the server larger than this closes the connection, so a broken peer cannot exhaust memory. Default 64 MB.</summary>
    public int MaximumReceiveMessageSize { get; init; } = 64 * 1024 * 1024;

    /// <summary>How invocation arguments and results are (de)serialized; the Spaces contract is snake_case.</summary>
    public JsonSerializerOptions SerializerOptions { get; init; } = SpacesJson.Options;
}
