namespace Spaces.Silo.Storage.Embedded;

internal static class GrainStateSchema
{
    /// <summary>One row per grain state; <c>data</c> is null once the state is cleared (the row keeps its ETag).</summary>
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type TEXT NOT NULL,
            grain_key  TEXT NOT NULL,
            state_name TEXT NOT NULL,
            etag       TEXT NOT NULL,
            data       BLOB,
            PRIMARY KEY (grain_type, grain_key, state_name)
        );
        """;
}
