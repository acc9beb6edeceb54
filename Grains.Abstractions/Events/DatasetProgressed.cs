using System.Text.Json;

namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>progress</c> on <c>datasets/{id}/progress</c>: the seed's English <c>message</c>, and its key and arguments for translation.</summary>
public sealed record DatasetProgressed(string DatasetId, double Progress, string Status, string Message, string Key, JsonElement Args);
