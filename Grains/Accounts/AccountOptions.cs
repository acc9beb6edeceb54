namespace Spaces.Grains.Accounts;

/// <summary>Sign-in and password policy (section <c>Spaces:Accounts</c>).</summary>
public sealed class AccountOptions
{
    public const string Section = "Spaces:Accounts";

    /// <summary>Failed sign-ins for one user from one client address that lock that address (only) out of the account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long an address stays locked out of an account; failures older than this are forgotten.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    public int MinPasswordLength { get; set; } = 8;

    /// <summary>Sign-in posts (right or wrong) one client address may make per <see cref="SignInWindow"/>; then 429.</summary>
    public int MaxSignInsPerAddress { get; set; } = 100;

    /// <summary>
    /// Failed sign-ins for one user name (known or not, from any address) per <see cref="SignInWindow"/> before sign-ins
    /// of that name are slowed: by <see cref="SignInDelayStep"/>, doubling with each further failure, at most
    /// <see cref="MaxSignInDelay"/>. Never refused for it.
    /// </summary>
    public int MaxFailedSignInsPerUserName { get; set; } = 10;

    public TimeSpan SignInDelayStep { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxSignInDelay { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a session lasts from its sign-in, however often its cookie slides; then the user signs in again.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Live sessions a user keeps; a new sign-in past this ends the oldest.</summary>
    public int MaxSessions { get; set; } = 20;
}
