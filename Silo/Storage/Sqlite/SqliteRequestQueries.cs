using Dapper;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Spaces;
using Spaces.Silo.Stores;

namespace Spaces.Silo.Storage.Sqlite;

public sealed class SqliteRequestQueries(SqliteDatabase database) : IRequestQueries
{
    public async Task<RequestRecord?> GetAsync(string requestId, CancellationToken cancellationToken) =>
        (await GetSnapshotAsync(requestId, cancellationToken).ConfigureAwait(false)).Request;

    public async Task<string?> GetSpaceIdAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<string>("SELECT space_id FROM requests WHERE id = @requestId", new { requestId })
            .ConfigureAwait(false);
    }

    public async Task<(RequestRecord? Request, long Seq)> GetSnapshotAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var snapshot = connection.BeginTransaction(deferred: true);
        var row = await connection.QuerySingleOrDefaultAsync<RequestState>(
            $"SELECT {SqliteSpaceStore.RequestColumns} FROM requests WHERE id = @requestId", new { requestId }, snapshot).ConfigureAwait(false);
        if (row is null)
        {
            return (null, 0);
        }
        var position = row.Status == RequestStatuses.Queued
            ? 1 + await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM requests WHERE space_id = @SpaceId AND status = 'queued' AND ticket < @Ticket", row, snapshot).ConfigureAwait(false)
            : 0;
        var seq = await SqliteEventLog.LastSeqAsync(connection, snapshot, Channels.Request(requestId)).ConfigureAwait(false);
        return (new RequestRecord(RequestViews.From(row, position), row.SubmitterId, RequestViews.Files(row)), seq);
    }

    public async Task<ResultFile?> GetResultFileAsync(string requestId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<ResultFile>(
            $"SELECT {SqliteSpaceStore.ResultFileColumns} FROM request_result_files WHERE request_id = @requestId AND name = @name",
            new { requestId, name }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RequestView>> ListBySubmitterAsync(string submitterId, string? spaceId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RequestState>(
            $"""
            SELECT {SqliteSpaceStore.RequestColumns} FROM requests
            WHERE submitter_id = @submitterId AND (@spaceId IS NULL OR space_id = @spaceId)
            ORDER BY created_at DESC LIMIT @limit
            """,
            new { submitterId, spaceId, limit }).ConfigureAwait(false);
        return [.. rows.Select(r => RequestViews.From(r, 0))];
    }
}
