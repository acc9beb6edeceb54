using Dapper;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Datasets;
using Spaces.Silo.Stores;

namespace Spaces.Silo.Storage.Sqlite;

public sealed class SqliteDatasetQueries(SqliteDatabase database) : IDatasetQueries
{
    public async Task<IReadOnlyList<DatasetView>> ListAsync(string? ownerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<DatasetState>(
            $"SELECT {SqliteDatasetStore.DatasetColumns} FROM datasets WHERE @ownerId IS NULL OR owner_id = @ownerId ORDER BY created_at DESC",
            new { ownerId }).ConfigureAwait(false);
        return [.. rows.Select(DatasetViews.From)];
    }

    public async Task<DatasetRecord?> GetAsync(string datasetId, CancellationToken cancellationToken) =>
        (await GetSnapshotAsync(datasetId, cancellationToken).ConfigureAwait(false)).Dataset;

    public async Task<(DatasetRecord? Dataset, long Seq)> GetSnapshotAsync(string datasetId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var snapshot = connection.BeginTransaction(deferred: true);
        var row = await connection.QuerySingleOrDefaultAsync<DatasetState>(
            $"SELECT {SqliteDatasetStore.DatasetColumns} FROM datasets WHERE id = @datasetId", new { datasetId }, snapshot).ConfigureAwait(false);
        var seq = await SqliteEventLog.LastSeqAsync(connection, snapshot, Channels.DatasetProgress(datasetId)).ConfigureAwait(false);
        return (row is null ? null : new DatasetRecord(DatasetViews.From(row), row.OwnerId), seq);
    }
}
