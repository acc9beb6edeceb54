using Orleans;
using Orleans.Runtime;

namespace Spaces.Grains.Abstractions.Streams;

/// <summary>A host's relay and the silo it lives on, so an owner can drop it when membership declares that silo dead.</summary>
[GenerateSerializer, Immutable, Alias("spaces.relay")]
public sealed record RelayRegistration([property: Id(0)] SiloAddress Host, [property: Id(1)] IChannelRelay Relay);
