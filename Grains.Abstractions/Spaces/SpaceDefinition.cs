using Orleans;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>What an administrator sets on a space.</summary>
[GenerateSerializer, Immutable, Alias("spaces.space-definition")]
public sealed record SpaceDefinition(
    [property: Id(0)] string Name, [property: Id(1)] string Description, [property: Id(2)] SpaceInputs Inputs, [property: Id(3)] string? Cover);
