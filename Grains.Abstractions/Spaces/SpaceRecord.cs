using Orleans;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A space as its grain answers reads: the view, and its owner for token scoping.</summary>
[GenerateSerializer, Immutable, Alias("spaces.space-record")]
public sealed record SpaceRecord([property: Id(0)] SpaceView View, [property: Id(1)] string OwnerId);
