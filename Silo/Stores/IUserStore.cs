namespace Spaces.Silo.Stores;

public sealed record UserRecord
{
    public required string Id { get; init; }
    public required string Username { get; init; }
    public required string PasswordHash { get; init; }
    public bool IsAdmin { get; init; }
    public int FailedLogins { get; init; }
    public long? LockedUntil { get; init; }
    public long CreatedAt { get; init; }
}

public interface IUserStore
{
    Task<UserRecord?> FindByNameAsync(string username, CancellationToken cancellationToken);

    Task<UserRecord?> GetAsync(string userId, CancellationToken cancellationToken);

    /// <summary>False when the name is taken.</summary>
    Task<bool> TryCreateAsync(UserRecord user, CancellationToken cancellationToken);

    Task SaveLoginStateAsync(string userId, int failedLogins, long? lockedUntil, CancellationToken cancellationToken);

    Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken);

    Task<bool> AnyAdminAsync(CancellationToken cancellationToken);
}
