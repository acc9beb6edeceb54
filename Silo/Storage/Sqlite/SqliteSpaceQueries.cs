using Dapper;
using Microsoft.Data.Sqlite;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Spaces;
using Spaces.Silo.Stores;

namespace Spaces.Silo.Storage.Sqlite;

public sealed class SqliteSpaceQueries(SqliteDatabase database) : ISpaceQueries
{
    private const string OldestQueued =
        "(SELECT MIN(r.created_at) FROM requests r WHERE r.space_id = spaces.id AND r.status = 'queued') AS oldest_queued_at";

    public async Task<IReadOnlyList<SpaceView>> ListAsync(string? name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return [.. await QuerySpacesAsync(connection, null, "@name IS NULL OR name = @name", new { name }).ConfigureAwait(false)];
    }

    public async Task<SpaceView?> GetAsync(string spaceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await GetSpaceViewAsync(connection, null, spaceId).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> FindIdsByNameAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<string>("SELECT id FROM spaces WHERE name = @name", new { name }).ConfigureAwait(false)];
    }

    public async Task<string?> GetOwnerAsync(string spaceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<string>("SELECT owner_id FROM spaces WHERE id = @spaceId", new { spaceId })
            .ConfigureAwait(false);
    }

    public async Task<(SpaceView? Space, long Seq)> GetSnapshotAsync(string spaceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var snapshot = connection.BeginTransaction(deferred: true);
        var row = await GetSpaceViewAsync(connection, snapshot, spaceId).ConfigureAwait(false);
        var seq = await SqliteEventLog.LastSeqAsync(connection, snapshot, Channels.SpaceStatus(spaceId)).ConfigureAwait(false);
        return (row, seq);
    }

    public async Task<IReadOnlyList<string>> ListExpirableAsync(long disconnectedBeforeMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<string>(
            "SELECT id FROM spaces WHERE worker_connection_id IS NULL AND queue_size > 0 AND disconnected_at < @disconnectedBeforeMs",
            new { disconnectedBeforeMs }).ConfigureAwait(false)];
    }

    public async Task<IReadOnlyList<(string SpaceId, string ConnectionId)>> ListOrphanedWorkersAsync(
        IReadOnlyCollection<string> liveNodeIds,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string, string, string)>(
            "SELECT id, worker_connection_id, worker_node_id FROM spaces WHERE worker_connection_id IS NOT NULL").ConfigureAwait(false);
        return [.. rows.Where(r => !liveNodeIds.Contains(r.Item3)).Select(r => (r.Item1, r.Item2))];
    }

    private static async Task<SpaceView?> GetSpaceViewAsync(SqliteConnection connection, SqliteTransaction? transaction, string spaceId) =>
        (await QuerySpacesAsync(connection, transaction, "id = @spaceId", new { spaceId }).ConfigureAwait(false)).SingleOrDefault();

    private static async Task<IEnumerable<SpaceView>> QuerySpacesAsync(SqliteConnection connection, SqliteTransaction? transaction, string where, object parameters) =>
        await connection.QueryAsync<SpaceState, long?, SpaceView>(
            $"SELECT {SqliteSpaceStore.SpaceColumns}, {OldestQueued} FROM spaces WHERE {where} ORDER BY name, created_at",
            (space, oldestQueuedAt) => SpaceViews.From(space, oldestQueuedAt),
            parameters,
            transaction,
            splitOn: "oldest_queued_at").ConfigureAwait(false);
}
