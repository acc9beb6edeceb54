using Orleans;
using Spaces.Grains.Abstractions.Accounts;

namespace Spaces.Grains.Accounts;

[GenerateSerializer, Alias("spaces.worker-token-state")]
public sealed class WorkerTokenState
{
    [Id(0)] public WorkerTokenInfo? Token { get; set; }
}
