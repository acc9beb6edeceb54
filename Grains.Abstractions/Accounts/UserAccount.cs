using Orleans;

namespace Spaces.Grains.Abstractions.Accounts;

/// <summary>A user as pages and endpoints see them: never the password hash.</summary>
[GenerateSerializer, Immutable, Alias("spaces.user")]
public sealed record UserAccount(
    [property: Id(0)] string Id,
    [property: Id(1)] string Username,
    [property: Id(2)] bool IsAdmin,
    [property: Id(3)] DateTimeOffset CreatedAt);
