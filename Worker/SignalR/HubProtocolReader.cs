using System.Text.Json;

namespace Spaces.Worker.SignalR;

/// <summary>Parses one JSON hub protocol record (without its 0x1E) into a <see cref="HubMessage"/>.</summary>
internal static class HubProtocolReader
{
    /// <summary>Returns the error of a handshake response, or null for success (<c>{}</c>).</summary>
    public static string? ReadHandshakeError(ReadOnlyMemory<byte> record)
    {
        using var document = JsonDocument.Parse(record);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "The handshake response is not a JSON object.";
        }

        if (root.TryGetProperty("error", out var error))
        {
            return error.GetString() ?? "The server refused the handshake.";
        }

        // A hub message where the handshake response belongs means the server skipped the handshake.
        return root.TryGetProperty("type", out _) ? "Expected a handshake response from the server, got a hub message." : null;
    }

    public static HubMessage Read(ReadOnlyMemory<byte> record)
    {
        // The record's memory is reused by the receive buffer, so every element kept is cloned.
        using var document = JsonDocument.Parse(record);
        var root = document.RootElement;
        if (!root.TryGetProperty("type", out var typeElement) || !typeElement.TryGetInt32(out var type))
        {
            throw new InvalidDataException("A hub message has no numeric 'type'.");
        }

        return type switch
        {
            1 => ReadInvocation(root),
            3 => ReadCompletion(root),
            6 => PingMessage.Instance,
            7 => new CloseMessage(GetString(root, "error"), root.TryGetProperty("allowReconnect", out var allow) && allow.ValueKind == JsonValueKind.True),
            _ => new IgnoredMessage(type),
        };
    }

    private static InvocationMessage ReadInvocation(JsonElement root)
    {
        var target = GetString(root, "target") ?? throw new InvalidDataException("An invocation has no 'target'.");
        var arguments = new List<JsonElement>();
        if (root.TryGetProperty("arguments", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var argument in array.EnumerateArray())
            {
                arguments.Add(argument.Clone());
            }
        }

        return new InvocationMessage(GetString(root, "invocationId"), target, arguments);
    }

    private static CompletionMessage ReadCompletion(JsonElement root)
    {
        var invocationId = GetString(root, "invocationId") ?? throw new InvalidDataException("A completion has no 'invocationId'.");
        var hasResult = root.TryGetProperty("result", out var result);
        var error = GetString(root, "error");
        if (hasResult && error is not null)
        {
            throw new InvalidDataException("A completion carries both 'result' and 'error'.");
        }

        return new CompletionMessage(invocationId, hasResult ? result.Clone() : default, error);
    }

    private static string? GetString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
