namespace Spaces.Grains.Accounts;

/// <summary>Sign-in and password policy (section <c>Spaces:Accounts</c>).</summary>
public sealed class AccountOptions
{
    public const string Section = "Spaces:Accounts";

    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    public int MinPasswordLength { get; set; } = 8;
}
