using System.Text.Json;

namespace Spaces.Silo.Storage;

internal static class EventJson
{
    public static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
