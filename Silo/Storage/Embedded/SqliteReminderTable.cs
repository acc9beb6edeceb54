using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Spaces.Silo.Storage.Embedded;

/// <summary>
/// Durable reminders for the embedded mode, in one SQLite file. The contract is Orleans' <see cref="IReminderTable"/>:
/// upserts replace whatever is there and return a new ETag, removes succeed only with the current ETag, and ring ranges
/// are (begin, end], wrapping when begin &gt;= end.
/// </summary>
public sealed partial class SqliteReminderTable(
    IOptions<SqliteReminderTableOptions> options, IOptions<ClusterOptions> cluster, ILogger<SqliteReminderTable> logger) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period, etag FROM reminders WHERE service_id = $service";

    private readonly string _serviceId = cluster.Value.ServiceId;
    private Opened? _opened;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_opened is null)
        {
            var file = new SqliteFile(new SqliteReminderTableOptionsValidator(options.Value).FilePath());
            _opened = new Opened(file, new GroupCommitWriter(file.OpenWriter(ReminderSchema.Sql), options.Value.MaxBatchSize, groupWait: TimeSpan.Zero, logger));
            Log.Started(logger, file.Path);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_opened is { } opened)
        {
            _opened = null;
            await opened.Writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        new(await QueryAsync($"SELECT {Columns} AND grain_id = $grain", c => c.Parameters.AddWithValue("$grain", grainId.ToString()), cancellationToken)
            .ConfigureAwait(false));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var range = begin < end ? "AND grain_hash > $begin AND grain_hash <= $end"
            : begin == end ? ""
            : "AND (grain_hash > $begin OR grain_hash <= $end)";
        var rows = await QueryAsync($"SELECT {Columns} {range}", c =>
        {
            c.Parameters.AddWithValue("$begin", (long)begin);
            c.Parameters.AddWithValue("$end", (long)end);
        }, cancellationToken).ConfigureAwait(false);
        return new ReminderTableData(rows);
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {Columns} AND grain_id = $grain AND reminder_name = $name", c =>
        {
            c.Parameters.AddWithValue("$grain", grainId.ToString());
            c.Parameters.AddWithValue("$name", reminderName);
        }, cancellationToken).ConfigureAwait(false);
        return rows.SingleOrDefault();
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken) =>
        await Started().Writer.WriteAsync(new UpsertReminder(_serviceId, entry)).ConfigureAwait(false);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) =>
        Started().Writer.WriteAsync(new RemoveReminder(_serviceId, grainId.ToString(), reminderName, eTag));

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public Task TestOnlyClearTable(CancellationToken cancellationToken) => Started().Writer.WriteAsync(new ClearReminders(_serviceId));

    private async Task<List<ReminderEntry>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await Started().File.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", _serviceId);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(Entry(reader));
        }
        return rows;
    }

    private static ReminderEntry Entry(DbDataReader reader) => new()
    {
        GrainId = GrainId.Parse(reader.GetString(0)),
        ReminderName = reader.GetString(1),
        StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
        Period = TimeSpan.FromTicks(reader.GetInt64(3)),
        ETag = reader.GetString(4),
    };

    private Opened Started() => _opened ?? throw new InvalidOperationException("The SQLite reminder table is not started");

    private sealed record Opened(SqliteFile File, GroupCommitWriter Writer);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "SQLite reminder table opened {Path}")]
        public static partial void Started(ILogger logger, string path);
    }
}
