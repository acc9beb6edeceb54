using Orleans;

namespace Spaces.Grains.Accounts;

[GenerateSerializer, Alias("spaces.user-state")]
public sealed class UserState
{
    [Id(0)] public string Username { get; set; } = "";
    [Id(1)] public string PasswordHash { get; set; } = "";
    [Id(2)] public bool IsAdmin { get; set; }
    // Ids 3 and 4 held the account-wide failure count and lockout, now per address in memory (AddressFailures); not reused.
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Live sessions, oldest first; a cookie whose session is not here is refused.</summary>
    [Id(6)] public List<UserSession> Sessions { get; set; } = [];
}
