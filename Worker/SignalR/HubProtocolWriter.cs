using System.Buffers;
using System.Text.Json;

namespace Spaces.Worker.SignalR;

/// <summary>Writes JSON hub protocol records, each terminated by 0x1E. Envelope names are fixed camelCase; arguments use the caller's options.</summary>
internal static class HubProtocolWriter
{
    public static ReadOnlyMemory<byte> Handshake { get; } = Terminate("{\"protocol\":\"json\",\"version\":1}"u8);

    public static ReadOnlyMemory<byte> Ping { get; } = Terminate("{\"type\":6}"u8);

    public static ReadOnlyMemory<byte> Invocation(string? invocationId, string target, IReadOnlyList<object?> arguments, JsonSerializerOptions options) =>
        Write(writer =>
        {
            writer.WriteNumber("type", 1);
            if (invocationId is not null)
            {
                writer.WriteString("invocationId", invocationId);
            }

            writer.WriteString("target", target);
            writer.WriteStartArray("arguments");
            foreach (var argument in arguments)
            {
                JsonSerializer.Serialize(writer, argument, argument?.GetType() ?? typeof(object), options);
            }

            writer.WriteEndArray();
        });

    public static ReadOnlyMemory<byte> CompletionWithResult(string invocationId, object? result, JsonSerializerOptions options) =>
        Write(writer =>
        {
            writer.WriteNumber("type", 3);
            writer.WriteString("invocationId", invocationId);
            writer.WritePropertyName("result");
            JsonSerializer.Serialize(writer, result, result?.GetType() ?? typeof(object), options);
        });

    public static ReadOnlyMemory<byte> CompletionWithError(string invocationId, string error) =>
        Write(writer =>
        {
            writer.WriteNumber("type", 3);
            writer.WriteString("invocationId", invocationId);
            writer.WriteString("error", error);
        });

    public static ReadOnlyMemory<byte> Close(string? error) =>
        Write(writer =>
        {
            writer.WriteNumber("type", 7);
            if (error is not null)
            {
                writer.WriteString("error", error);
            }
        });

    private static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        buffer.Write([RecordBuffer.RecordSeparator]);
        return buffer.WrittenMemory;
    }

    private static ReadOnlyMemory<byte> Terminate(ReadOnlySpan<byte> json)
    {
        var bytes = new byte[json.Length + 1];
        json.CopyTo(bytes);
        bytes[^1] = RecordBuffer.RecordSeparator;
        return bytes;
    }
}
