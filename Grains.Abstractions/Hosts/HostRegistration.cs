using Orleans;
using Orleans.Runtime;

namespace Spaces.Grains.Abstractions.Hosts;

/// <summary>A web host's observer and the silo it lives on, so the directory can drop it when membership declares that silo dead.</summary>
[GenerateSerializer, Immutable, Alias("spaces.host-registration")]
public sealed record HostRegistration([property: Id(0)] SiloAddress Host, [property: Id(1)] IHostObserver Observer);
