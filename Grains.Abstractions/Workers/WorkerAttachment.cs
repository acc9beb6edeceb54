using Orleans;
using Orleans.Runtime;

namespace Spaces.Grains.Abstractions.Workers;

/// <summary>A worker connection as a space holds it: its id, the host holding it (pruned when membership says it died) and that host's relay.</summary>
[GenerateSerializer, Immutable, Alias("spaces.worker-attachment")]
public sealed record WorkerAttachment(
    [property: Id(0)] string ConnectionId, [property: Id(1)] SiloAddress Host, [property: Id(2)] IWorkerRelay Relay);
