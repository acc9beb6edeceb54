namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>What an administrator sets on a space.</summary>
public sealed record SpaceDefinition(string Name, string Description, SpaceInputs Inputs, string? Cover);
