using System.Text.Json;

namespace Spaces.Worker.SignalR;

/// <summary>A server→client invocation as a handler sees it.</summary>
public sealed class ServerInvocation
{
    private readonly JsonSerializerOptions _options;

    internal ServerInvocation(string target, string? invocationId, IReadOnlyList<JsonElement> arguments, JsonSerializerOptions options)
    {
        Target = target;
        InvocationId = invocationId;
        Arguments = arguments;
        _options = options;
    }

    public string Target { get; }

    /// <summary>Set when the server waits for a result ("client results"); null for fire-and-forget sends.</summary>
    public string? InvocationId { get; }

    public IReadOnlyList<JsonElement> Arguments { get; }

    /// <summary>Deserializes argument <paramref name="index"/> with the connection's serializer options.</summary>
    public T? GetArgument<T>(int index)
    {
        if (index >= Arguments.Count)
        {
            throw new InvalidDataException($"'{Target}' was sent {Arguments.Count} argument(s); argument {index} is missing.");
        }

        return Arguments[index].Deserialize<T>(_options);
    }
}
