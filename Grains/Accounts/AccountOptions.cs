namespace Spaces.Grains.Accounts;

/// <summary>Sign-in and password policy (section <c>Spaces:Accounts</c>).</summary>
public sealed class AccountOptions
{
    public const string Section = "Spaces:Accounts";

    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    public int MinPasswordLength { get; set; } = 8;

    /// <summary>Sign-in posts (right or wrong) one client address may make per <see cref="SignInWindow"/>; then 429.</summary>
    public int MaxSignInsPerAddress { get; set; } = 100;

    /// <summary>Failed sign-ins for one user name (known or not) per <see cref="SignInWindow"/>; then 429 for that name.</summary>
    public int MaxFailedSignInsPerUserName { get; set; } = 10;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a session lasts from its sign-in, however often its cookie slides; then the user signs in again.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Live sessions a user keeps; a new sign-in past this ends the oldest.</summary>
    public int MaxSessions { get; set; } = 20;
}
