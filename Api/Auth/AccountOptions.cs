namespace Spaces.Api.Auth;

/// <summary>Sign-in policy and the bootstrap administrator (section <c>Spaces:Admin</c> and <c>Spaces:Accounts</c>).</summary>
public sealed class AccountOptions
{
    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    public int MinPasswordLength { get; set; } = 8;
}
