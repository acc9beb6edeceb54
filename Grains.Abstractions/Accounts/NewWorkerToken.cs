using Orleans;

namespace Spaces.Grains.Abstractions.Accounts;

[GenerateSerializer, Immutable, Alias("spaces.new-worker-token")]
public sealed record NewWorkerToken(
    [property: Id(0)] string Name,
    [property: Id(1)] string SecretHash,
    [property: Id(2)] string OwnerId,
    [property: Id(3)] IReadOnlyList<string> SpaceIds);
