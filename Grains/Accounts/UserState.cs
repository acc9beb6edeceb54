using Orleans;

namespace Spaces.Grains.Accounts;

[GenerateSerializer, Alias("spaces.user-state")]
public sealed class UserState
{
    [Id(0)] public string Username { get; set; } = "";
    [Id(1)] public string PasswordHash { get; set; } = "";
    [Id(2)] public bool IsAdmin { get; set; }
    [Id(3)] public int FailedSignIns { get; set; }
    [Id(4)] public DateTimeOffset? LockedUntil { get; set; }
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Live sessions, oldest first; a cookie whose session is not here is refused.</summary>
    [Id(6)] public List<UserSession> Sessions { get; set; } = [];
}
