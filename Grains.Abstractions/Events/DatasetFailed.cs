using System.Text.Json;

namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>error</c> on <c>datasets/{id}/progress</c>: the seed's English <c>message</c>, and its key and arguments for translation.</summary>
public sealed record DatasetFailed(string DatasetId, string Status, string Message, string Key, JsonElement Args);
