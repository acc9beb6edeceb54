using Dapper;
using Microsoft.Data.Sqlite;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Runtime;
using Spaces.Silo.Runtime;

namespace Spaces.Silo.Storage.Sqlite;

/// <summary>Turns on SQLite: <c>BEGIN IMMEDIATE</c> on the writer connection, events appended in the same transaction.</summary>
public sealed class SqliteGrainStorage(SqliteDatabase database, TimeProvider time) : IGrainStorage
{
    public async Task<ITurnTransaction> BeginTurnAsync(string grainKey, CancellationToken cancellationToken)
    {
        var lease = await database.AcquireWriterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = lease.Connection.BeginTransaction(deferred: false);
            return new Turn(lease, transaction, time);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private sealed class Turn(SqliteDatabase.WriterLease lease, SqliteTransaction transaction, TimeProvider time) : ITurnTransaction
    {
        private const string NextSeq = """
            INSERT INTO channel_seqs (channel, last_seq) VALUES (@Channel, 1)
            ON CONFLICT (channel) DO UPDATE SET last_seq = last_seq + 1
            RETURNING last_seq
            """;

        private const string Append = "INSERT INTO events (channel, seq, type, data, created_at) VALUES (@Channel, @Seq, @Type, @Data, @CreatedAt)";

        public ISpaceStore Spaces { get; } = new SqliteSpaceStore(lease.Connection, transaction);

        public async Task<IReadOnlyList<ChannelEvent>> CommitAsync(IReadOnlyList<PendingEvent> events, CancellationToken cancellationToken)
        {
            var connection = lease.Connection;
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var committed = new List<ChannelEvent>(events.Count);
            foreach (var e in events)
            {
                var seq = await connection.ExecuteScalarAsync<long>(NextSeq, new { e.Channel }, transaction).ConfigureAwait(false);
                await connection.ExecuteAsync(Append, new { e.Channel, Seq = seq, e.Type, Data = e.DataJson, CreatedAt = now }, transaction)
                    .ConfigureAwait(false);
                committed.Add(new ChannelEvent(e.Channel, seq, e.Type, EventJson.Parse(e.DataJson)));
            }
            transaction.Commit();
            return committed;
        }

        public ValueTask DisposeAsync()
        {
            transaction.Dispose();
            lease.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
