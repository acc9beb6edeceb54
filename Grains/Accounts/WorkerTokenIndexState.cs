using Orleans;

namespace Spaces.Grains.Accounts;

[GenerateSerializer, Alias("spaces.worker-token-index-state")]
public sealed class WorkerTokenIndexState
{
    /// <summary>Oldest first; listed newest first.</summary>
    [Id(0)] public List<string> TokenIds { get; set; } = [];
}
