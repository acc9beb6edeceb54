using Orleans;

namespace Spaces.Grains.Accounts;

/// <summary>One signed-in session of a user: the id its cookie carries, and when it lapses whatever the cookie says.</summary>
[GenerateSerializer, Immutable, Alias("spaces.user-session")]
public sealed record UserSession([property: Id(0)] string Id, [property: Id(1)] DateTimeOffset StartedAt, [property: Id(2)] DateTimeOffset ExpiresAt);
