using Dapper;
using Microsoft.Data.Sqlite;
using Spaces.Silo.Stores;

namespace Spaces.Silo.Storage.Sqlite;

public sealed class SqliteAccounts(SqliteDatabase database) : IUserStore, IWorkerTokenStore
{
    private const string UserColumns = "id, username, password_hash, is_admin, failed_logins, locked_until, created_at";
    private const string TokenColumns = "id, name, secret_hash, owner_id, space_ids, created_at, revoked_at, last_used_at";

    public async Task<UserRecord?> FindByNameAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>($"SELECT {UserColumns} FROM users WHERE username = @username", new { username })
            .ConfigureAwait(false);
    }

    public async Task<UserRecord?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>($"SELECT {UserColumns} FROM users WHERE id = @userId", new { userId })
            .ConfigureAwait(false);
    }

    public async Task<bool> TryCreateAsync(UserRecord user, CancellationToken cancellationToken)
    {
        try
        {
            await database.WriteAsync(
                (c, t) => c.ExecuteAsync(
                    $"INSERT INTO users ({UserColumns}) VALUES (@Id, @Username, @PasswordHash, @IsAdmin, @FailedLogins, @LockedUntil, @CreatedAt)",
                    user,
                    t),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            return false; // SQLITE_CONSTRAINT: the (case-insensitive) username is taken
        }
    }

    public Task SaveLoginStateAsync(string userId, int failedLogins, long? lockedUntil, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(
                "UPDATE users SET failed_logins = @failedLogins, locked_until = @lockedUntil WHERE id = @userId",
                new { userId, failedLogins, lockedUntil },
                t),
            cancellationToken);

    public Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync("UPDATE users SET password_hash = @passwordHash WHERE id = @userId", new { userId, passwordHash }, t),
            cancellationToken);

    public async Task<bool> AnyAdminAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM users WHERE is_admin = 1)").ConfigureAwait(false);
    }

    public Task CreateAsync(WorkerTokenRecord token, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(
                $"INSERT INTO worker_tokens ({TokenColumns}) VALUES (@Id, @Name, @SecretHash, @OwnerId, @SpaceIds, @CreatedAt, @RevokedAt, @LastUsedAt)",
                token,
                t),
            cancellationToken);

    async Task<WorkerTokenRecord?> IWorkerTokenStore.GetAsync(string tokenId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<WorkerTokenRecord>(
            $"SELECT {TokenColumns} FROM worker_tokens WHERE id = @tokenId", new { tokenId }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WorkerTokenRecord>> ListAsync(string? ownerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<WorkerTokenRecord>(
            $"SELECT {TokenColumns} FROM worker_tokens WHERE @ownerId IS NULL OR owner_id = @ownerId ORDER BY created_at DESC",
            new { ownerId }).ConfigureAwait(false)];
    }

    public async Task<bool> RevokeAsync(string tokenId, long revokedAt, CancellationToken cancellationToken) =>
        await database.WriteAsync(
            (c, t) => c.ExecuteAsync(
                "UPDATE worker_tokens SET revoked_at = @revokedAt WHERE id = @tokenId AND revoked_at IS NULL",
                new { tokenId, revokedAt },
                t),
            cancellationToken).ConfigureAwait(false) > 0;

    public Task TouchAsync(string tokenId, long usedAt, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(
                "UPDATE worker_tokens SET last_used_at = @usedAt WHERE id = @tokenId AND (last_used_at IS NULL OR last_used_at < @usedAt)",
                new { tokenId, usedAt },
                t),
            cancellationToken);
}
