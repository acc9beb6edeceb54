using System.Text.Json;

namespace Spaces.Worker.SignalR;

/// <summary>The hub protocol messages this client understands (HubProtocol.md, JSON encoding).</summary>
internal abstract record HubMessage;

/// <summary>Type 1. Without an invocation id the sender expects no Completion.</summary>
internal sealed record InvocationMessage(string? InvocationId, string Target, IReadOnlyList<JsonElement> Arguments) : HubMessage;

/// <summary>Type 3. <see cref="Result"/> is <see cref="JsonValueKind.Undefined"/> for a void method.</summary>
internal sealed record CompletionMessage(string InvocationId, JsonElement Result, string? Error) : HubMessage;

/// <summary>Type 6.</summary>
internal sealed record PingMessage : HubMessage
{
    public static PingMessage Instance { get; } = new();
}

/// <summary>Type 7.</summary>
internal sealed record CloseMessage(string? Error, bool AllowReconnect) : HubMessage;

/// <summary>Any type this client does not act on (stream items, Ack, Sequence, future types): read and ignored.</summary>
internal sealed record IgnoredMessage(int Type) : HubMessage;
