using System.Text.Json;
using Orleans;

namespace Spaces.Grains.Abstractions.Serialization;

/// <summary>
/// Orleans has no codec for <see cref="JsonElement"/> (results and statistics are free-form JSON): it travels as its
/// raw text and is parsed again on arrival.
/// </summary>
[GenerateSerializer, Immutable, Alias("spaces.json")]
public readonly struct JsonElementSurrogate
{
    [Id(0)]
    public string? Json { get; init; }
}

[RegisterConverter]
public sealed class JsonElementSurrogateConverter : IConverter<JsonElement, JsonElementSurrogate>
{
    public JsonElement ConvertFromSurrogate(in JsonElementSurrogate surrogate) =>
        surrogate.Json is { } json ? JsonSerializer.Deserialize<JsonElement>(json) : default;

    public JsonElementSurrogate ConvertToSurrogate(in JsonElement value) =>
        new() { Json = value.ValueKind == JsonValueKind.Undefined ? null : value.GetRawText() };
}
