using Orleans;

namespace Spaces.Grains.Abstractions.Accounts;

/// <summary>
/// What a sign-in attempt came to: the user and the session it started when the password was right, or the time the
/// lockout of the caller's address ends.
/// </summary>
[GenerateSerializer, Immutable, Alias("spaces.sign-in")]
public sealed record SignInOutcome(
    [property: Id(0)] UserAccount? User,
    [property: Id(1)] DateTimeOffset? LockedUntil,
    [property: Id(2)] string? SessionId = null)
{
    public static SignInOutcome Invalid { get; } = new(null, null);
}
