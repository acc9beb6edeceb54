using Dapper;
using Microsoft.Data.Sqlite;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Silo.Streams;

namespace Spaces.Silo.Storage.Sqlite;

public sealed class SqliteEventLog(SqliteDatabase database) : IEventLog
{
    public async Task<IReadOnlyList<ChannelEvent>> ReadAfterAsync(string channel, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long Seq, string Type, string Data)>(
            "SELECT seq, type, data FROM events WHERE channel = @channel AND seq > @afterSeq ORDER BY seq LIMIT @limit",
            new { channel, afterSeq, limit }).ConfigureAwait(false);
        return [.. rows.Select(r => new ChannelEvent(channel, r.Seq, r.Type, EventJson.Parse(r.Data)))];
    }

    /// <summary>The channel's last seq (0 before its first event), read inside the caller's snapshot.</summary>
    internal static Task<long> LastSeqAsync(SqliteConnection connection, SqliteTransaction snapshot, string channel) =>
        connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE((SELECT last_seq FROM channel_seqs WHERE channel = @channel), 0)", new { channel }, snapshot);
}
