using Orleans;

namespace Spaces.Grains.Abstractions.Accounts;

/// <summary>A worker token as stored: a hash of its secret, never the secret.</summary>
[GenerateSerializer, Immutable, Alias("spaces.worker-token")]
public sealed record WorkerTokenInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string SecretHash,
    [property: Id(3)] string OwnerId,
    [property: Id(4)] IReadOnlyList<string> SpaceIds,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? RevokedAt,
    [property: Id(7)] DateTimeOffset? LastUsedAt);
