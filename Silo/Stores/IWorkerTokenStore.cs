namespace Spaces.Silo.Stores;

/// <summary>A worker token as stored: only a hash of its secret, never the secret.</summary>
public sealed record WorkerTokenRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string SecretHash { get; init; }
    public required string OwnerId { get; init; }
    public required string SpaceIds { get; init; }
    public long CreatedAt { get; init; }
    public long? RevokedAt { get; init; }
    public long? LastUsedAt { get; init; }

    public IReadOnlyList<string> SpaceIdList => SpaceIds.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

public interface IWorkerTokenStore
{
    Task CreateAsync(WorkerTokenRecord token, CancellationToken cancellationToken);

    Task<WorkerTokenRecord?> GetAsync(string tokenId, CancellationToken cancellationToken);

    /// <summary>Tokens of one owner, or all when <paramref name="ownerId"/> is null.</summary>
    Task<IReadOnlyList<WorkerTokenRecord>> ListAsync(string? ownerId, CancellationToken cancellationToken);

    Task<bool> RevokeAsync(string tokenId, long revokedAt, CancellationToken cancellationToken);

    /// <summary>Records that the token was presented at <paramref name="usedAt"/> (it only moves forward).</summary>
    Task TouchAsync(string tokenId, long usedAt, CancellationToken cancellationToken);
}
