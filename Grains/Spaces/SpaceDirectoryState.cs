using Orleans;

namespace Spaces.Grains.Spaces;

[GenerateSerializer, Alias("spaces.space-directory-state")]
public sealed class SpaceDirectoryState
{
    /// <summary>Id → name, in creation order.</summary>
    [Id(0)] public List<SpaceDirectoryEntry> Spaces { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("spaces.space-directory-entry")]
public sealed record SpaceDirectoryEntry([property: Id(0)] string Id, [property: Id(1)] string Name);
