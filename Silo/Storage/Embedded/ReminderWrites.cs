using Orleans;

namespace Spaces.Silo.Storage.Embedded;

internal static class ReminderSchema
{
    /// <summary>
    /// One row per reminder of a service; <c>grain_hash</c> is the grain's uniform hash, which the reminder service asks
    /// for by ring range. Times are UTC ticks.
    /// </summary>
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS reminders (
            service_id    TEXT    NOT NULL,
            grain_id      TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            grain_hash    INTEGER NOT NULL,
            start_at      INTEGER NOT NULL,
            period        INTEGER NOT NULL,
            etag          TEXT    NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        );
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (service_id, grain_hash);
        """;
}

/// <summary>Inserts or replaces a reminder whatever its ETag (as Orleans' table providers do) and returns the new ETag.</summary>
internal sealed class UpsertReminder(string serviceId, ReminderEntry entry) : SqliteWrite<string>
{
    private const string Upsert = """
        INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period, etag)
        VALUES ($service, $grain, $name, $hash, $start, $period, $etag)
        ON CONFLICT (service_id, grain_id, reminder_name)
        DO UPDATE SET grain_hash = excluded.grain_hash, start_at = excluded.start_at, period = excluded.period, etag = excluded.etag
        """;

    protected override string Run(SqliteStatements statements)
    {
        var etag = Guid.NewGuid().ToString("N");
        var command = statements.For(Upsert);
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
        command.Parameters.AddWithValue("$name", entry.ReminderName);
        command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
        command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
        command.Parameters.AddWithValue("$period", entry.Period.Ticks);
        command.Parameters.AddWithValue("$etag", etag);
        command.ExecuteNonQuery();
        return etag;
    }

    protected override string Refused() => string.Empty;
}

/// <summary>Removes a reminder if its ETag matches; false when it does not, or when there is no such reminder.</summary>
internal sealed class RemoveReminder(string serviceId, string grainId, string reminderName, string etag) : SqliteWrite<bool>
{
    private const string Delete = """
        DELETE FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name AND etag = $etag
        """;

    protected override bool Run(SqliteStatements statements)
    {
        var command = statements.For(Delete);
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$grain", grainId);
        command.Parameters.AddWithValue("$name", reminderName);
        command.Parameters.AddWithValue("$etag", etag);
        return command.ExecuteNonQuery() == 1;
    }

    protected override bool Refused() => false;
}

/// <summary>Removes every reminder of a service (<see cref="IReminderTable.TestOnlyClearTable()"/>).</summary>
internal sealed class ClearReminders(string serviceId) : SqliteWrite<int>
{
    protected override int Run(SqliteStatements statements)
    {
        var command = statements.For("DELETE FROM reminders WHERE service_id = $service");
        command.Parameters.AddWithValue("$service", serviceId);
        return command.ExecuteNonQuery();
    }

    protected override int Refused() => 0;
}
