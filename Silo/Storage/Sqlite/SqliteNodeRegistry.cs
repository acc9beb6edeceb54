using Dapper;
using Spaces.Silo.Stores;

namespace Spaces.Silo.Storage.Sqlite;

public sealed class SqliteNodeRegistry(SqliteDatabase database) : INodeRegistry
{
    public Task HeartbeatAsync(string nodeId, long startedAt, long now, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (c, t) =>
            {
                await c.ExecuteAsync(
                    """
                    INSERT INTO nodes (id, started_at, last_heartbeat) VALUES (@nodeId, @startedAt, @now)
                    ON CONFLICT (id) DO UPDATE SET last_heartbeat = @now
                    """,
                    new { nodeId, startedAt, now },
                    t).ConfigureAwait(false);
                return await c.ExecuteAsync("UPDATE spaces SET worker_last_seen_at = @now WHERE worker_node_id = @nodeId", new { nodeId, now }, t)
                    .ConfigureAwait(false);
            },
            cancellationToken);

    public async Task<IReadOnlyList<string>> ListLiveNodesAsync(long heartbeatAfter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<string>("SELECT id FROM nodes WHERE last_heartbeat > @heartbeatAfter", new { heartbeatAfter })
            .ConfigureAwait(false)];
    }

    public Task<int> TrimEventsAsync(long createdBefore, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => c.ExecuteAsync("DELETE FROM events WHERE created_at < @createdBefore", new { createdBefore }, t), cancellationToken);
}
