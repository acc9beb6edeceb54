using Dapper;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Spaces;
using Spaces.Silo.Stores;

namespace Spaces.Silo.Storage.Sqlite;

public sealed class SqliteRequestQueries(SqliteDatabase database) : IRequestQueries
{
    private const string LastSeq = "SELECT COALESCE((SELECT last_seq FROM channel_seqs WHERE channel = @channel), 0)";

    public async Task<RequestRecord?> GetAsync(string requestId, CancellationToken cancellationToken) =>
        (await GetSnapshotAsync(requestId, cancellationToken).ConfigureAwait(false)).Request;

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
        var seq = await connection.ExecuteScalarAsync<long>(LastSeq, new { channel = Channels.Request(requestId) }, snapshot).ConfigureAwait(false);
        return (new RequestRecord(RequestViews.From(row, position), row.SubmitterId, RequestViews.Files(row)), seq);
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
