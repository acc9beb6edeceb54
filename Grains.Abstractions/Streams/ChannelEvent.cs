using System.Text.Json;

namespace Spaces.Grains.Abstractions.Streams;

/// <summary>An event as subscribers see it: its channel, its gap-free sequence number there, its type and payload.</summary>
public sealed record ChannelEvent(string Channel, long Seq, string Type, JsonElement Data);
