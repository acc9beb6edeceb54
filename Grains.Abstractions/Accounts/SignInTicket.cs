using Orleans;

namespace Spaces.Grains.Abstractions.Accounts;

/// <summary>
/// What a user name says before its password is checked: who holds it (null for no one) and how long the sign-in must
/// wait first, which grows while that name is being guessed.
/// </summary>
[GenerateSerializer, Immutable, Alias("spaces.sign-in-ticket")]
public sealed record SignInTicket([property: Id(0)] string? UserId, [property: Id(1)] TimeSpan Delay);
