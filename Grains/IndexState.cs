using Orleans;

namespace Spaces.Grains;

[GenerateSerializer, Alias("spaces.index-state")]
public sealed class IndexState
{
    /// <summary>Oldest first; listed newest first.</summary>
    [Id(0)] public List<string> Ids { get; set; } = [];
}
