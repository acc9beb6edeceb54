using Dapper;
using Spaces.Grains.Datasets;
using Spaces.Silo.Stores;

namespace Spaces.Silo.Storage.Sqlite;

/// <summary>Job leases on SQLite: the single writer makes claim-and-mark one atomic statement.</summary>
public sealed class SqliteJobQueue(SqliteDatabase database) : IJobQueue
{
    public Task<JobState?> ClaimAsync(string nodeId, long now, long leaseUntil, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (c, t) => c.QuerySingleOrDefaultAsync<JobState>(
                $"""
                UPDATE jobs SET status = 'running', lease_owner = @nodeId, lease_until = @leaseUntil, attempts = attempts + 1, updated_at = @now
                WHERE id = (SELECT id FROM jobs
                            WHERE status = 'queued' OR (status = 'running' AND lease_until < @now)
                            ORDER BY created_at LIMIT 1)
                RETURNING {SqliteDatasetStore.JobColumns}
                """,
                new { nodeId, now, leaseUntil },
                t),
            cancellationToken);

    public async Task<bool> RenewAsync(string jobId, string nodeId, long leaseUntil, CancellationToken cancellationToken) =>
        await database.WriteAsync(
            (c, t) => c.ExecuteAsync(
                "UPDATE jobs SET lease_until = @leaseUntil WHERE id = @jobId AND lease_owner = @nodeId AND status = 'running'",
                new { jobId, nodeId, leaseUntil },
                t),
            cancellationToken).ConfigureAwait(false) > 0;

    public Task<int> ExpireLeasesNotHeldByAsync(string nodeId, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync("UPDATE jobs SET lease_until = 0 WHERE status = 'running' AND lease_owner <> @nodeId", new { nodeId }, t),
            cancellationToken);
}
