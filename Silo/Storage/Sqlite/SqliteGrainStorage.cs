using System.Text;
using Microsoft.Data.Sqlite;
using Spaces.Grains.Runtime;
using Spaces.Silo.Runtime;
using Spaces.Silo.Streams;

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
        // Rows per multi-row statement: far below SQLite's parameter limit, large enough that a turn's events take one or two.
        private const int Chunk = 200;

        public ISpaceStore Spaces { get; } = new SqliteSpaceStore(lease.Connection, transaction);


        /// <summary>
        /// Reserves each channel's seqs with one upsert per distinct channel (a turn may emit several events on one),
        /// then appends all events; both as multi-row statements, since a dispatch can emit dozens of position events.
        /// </summary>
        public async Task<IReadOnlyList<EventPosition>> CommitAsync(IReadOnlyList<PendingEvent> events, CancellationToken cancellationToken)
        {
            var positions = new List<EventPosition>(events.Count);
            if (events.Count > 0)
            {
                var counts = events.CountBy(e => e.Channel, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
                var next = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var chunk in counts.Chunk(Chunk))
                {
                    foreach (var (channel, last) in await ReserveAsync(chunk, cancellationToken).ConfigureAwait(false))
                    {
                        next[channel] = last - counts[channel];
                    }
                }
                foreach (var e in events)
                {
                    var seq = next[e.Channel] + 1;
                    next[e.Channel] = seq;
                    positions.Add(new EventPosition(e.Channel, seq));
                }
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                for (var start = 0; start < events.Count; start += Chunk)
                {
                    await AppendAsync(events, positions, start, Math.Min(Chunk, events.Count - start), now, cancellationToken).ConfigureAwait(false);
                }
            }
            transaction.Commit();
            return positions;
        }

        private async Task<List<(string Channel, long Last)>> ReserveAsync(KeyValuePair<string, int>[] counts, CancellationToken cancellationToken)
        {
            await using var command = Command("INSERT INTO channel_seqs (channel, last_seq) VALUES ", counts.Length, 2);
            for (var i = 0; i < counts.Length; i++)
            {
                command.Parameters.AddWithValue($"@p{i}_0", counts[i].Key);
                command.Parameters.AddWithValue($"@p{i}_1", counts[i].Value);
            }
            command.CommandText += " ON CONFLICT (channel) DO UPDATE SET last_seq = last_seq + excluded.last_seq RETURNING channel, last_seq";
            var reserved = new List<(string, long)>(counts.Length);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                reserved.Add((reader.GetString(0), reader.GetInt64(1)));
            }
            return reserved;
        }

        private async Task AppendAsync(
            IReadOnlyList<PendingEvent> events, List<EventPosition> positions, int start, int count, long now, CancellationToken cancellationToken)
        {
            await using var command = Command("INSERT INTO events (channel, seq, type, data, created_at) VALUES ", count, 5);
            for (var i = 0; i < count; i++)
            {
                var e = events[start + i];
                command.Parameters.AddWithValue($"@p{i}_0", e.Channel);
                command.Parameters.AddWithValue($"@p{i}_1", positions[start + i].Seq);
                command.Parameters.AddWithValue($"@p{i}_2", e.Type);
                command.Parameters.AddWithValue($"@p{i}_3", e.DataJson);
                command.Parameters.AddWithValue($"@p{i}_4", now);
            }
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A command whose text is <paramref name="prefix"/> followed by <paramref name="rows"/> tuples of parameters @p{row}_{column}.</summary>
        private SqliteCommand Command(string prefix, int rows, int columns)
        {
            var sql = new StringBuilder(prefix);
            for (var i = 0; i < rows; i++)
            {
                sql.Append(i == 0 ? "(" : ", (");
                for (var j = 0; j < columns; j++)
                {
                    sql.Append(j == 0 ? "" : ", ").Append("@p").Append(i).Append('_').Append(j);
                }
                sql.Append(')');
            }
            var command = lease.Connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql.ToString();
            return command;
        }

        public ValueTask DisposeAsync()
        {
            transaction.Dispose();
            lease.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
