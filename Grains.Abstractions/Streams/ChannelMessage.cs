using Orleans;

namespace Spaces.Grains.Abstractions.Streams;

/// <summary>An event on its way from its channel's owner to the hosts that have subscribers: the payload as JSON text.</summary>
[GenerateSerializer, Immutable, Alias("spaces.channel-message")]
public sealed record ChannelMessage(
    [property: Id(0)] string Channel,
    [property: Id(1)] long Seq,
    [property: Id(2)] string Type,
    [property: Id(3)] string Data);
