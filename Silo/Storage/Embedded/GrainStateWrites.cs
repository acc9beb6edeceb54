using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace Spaces.Silo.Storage.Embedded;

/// <summary>A grain state row's key: the grain's type and key, and the state's name (a grain may have several states).</summary>
internal readonly record struct GrainStateKey(string GrainType, string GrainKey, string StateName)
{
    public void Bind(SqliteCommand command)
    {
        command.Parameters.AddWithValue("$type", GrainType);
        command.Parameters.AddWithValue("$key", GrainKey);
        command.Parameters.AddWithValue("$state", StateName);
    }

    public override string ToString() => $"{GrainType}/{GrainKey} state '{StateName}'";
}

/// <summary>
/// Writes <paramref name="data"/> (null: a cleared row) if the row's ETag is still <paramref name="expectedETag"/>;
/// no expected ETag means the row must not exist yet, as Orleans' Azure Table provider inserts on a first write.
/// Returns the new ETag.
/// </summary>
internal sealed class PutGrainState(GrainStateKey key, string? expectedETag, byte[]? data) : SqliteWrite<string>
{
    private const string Insert = """
        INSERT INTO grain_state (grain_type, grain_key, state_name, etag, data) VALUES ($type, $key, $state, $etag, $data)
        ON CONFLICT DO NOTHING
        """;

    private const string Update = """
        UPDATE grain_state SET etag = $etag, data = $data
        WHERE grain_type = $type AND grain_key = $key AND state_name = $state AND etag = $expected
        """;

    protected override string Run(SqliteStatements statements)
    {
        var etag = GrainStateETags.New();
        var command = statements.For(string.IsNullOrEmpty(expectedETag) ? Insert : Update);
        key.Bind(command);
        command.Parameters.AddWithValue("$etag", etag);
        command.Parameters.Add("$data", SqliteType.Blob).Value = (object?)data ?? DBNull.Value;
        if (!string.IsNullOrEmpty(expectedETag))
        {
            command.Parameters.AddWithValue("$expected", expectedETag);
        }
        return command.ExecuteNonQuery() == 1 ? etag : throw GrainStateETags.Mismatch("write", key, expectedETag, statements);
    }

    protected override string Refused() => string.Empty;
}

/// <summary>Deletes the row if its ETag is still <paramref name="expectedETag"/>.</summary>
internal sealed class DeleteGrainState(GrainStateKey key, string expectedETag) : SqliteWrite<bool>
{
    private const string Delete = """
        DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state AND etag = $expected
        """;

    protected override bool Run(SqliteStatements statements)
    {
        var command = statements.For(Delete);
        key.Bind(command);
        command.Parameters.AddWithValue("$expected", expectedETag);
        return command.ExecuteNonQuery() == 1 ? true : throw GrainStateETags.Mismatch("clear", key, expectedETag, statements);
    }

    protected override bool Refused() => false;
}

internal static class GrainStateETags
{
    private const string Current = "SELECT etag FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state";

    /// <summary>A fresh ETag; random rather than a counter, so a row deleted and created again never reuses an old ETag.</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>The refusal, naming the ETag the caller held and the one stored (read in the same transaction).</summary>
    public static InconsistentStateException Mismatch(string operation, GrainStateKey key, string? expectedETag, SqliteStatements statements)
    {
        var command = statements.For(Current);
        key.Bind(command);
        var stored = command.ExecuteScalar() as string;
        return new InconsistentStateException(
            $"ETag mismatch on {operation} of {key}: the caller held {expectedETag ?? "no ETag"}, the store has {stored ?? "no row"}",
            stored ?? "none",
            expectedETag ?? "none");
    }
}
