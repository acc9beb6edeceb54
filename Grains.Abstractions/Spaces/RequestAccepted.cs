using Orleans;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>The acknowledgement of a submission: once returned, the request is durable. Position 0 means processing.</summary>
[GenerateSerializer, Immutable, Alias("spaces.request-accepted")]
public sealed record RequestAccepted([property: Id(0)] string RequestId, [property: Id(1)] int Position);
