using Microsoft.Data.Sqlite;

namespace Spaces.Silo.Storage.Embedded;

/// <summary>
/// An embedded database file: WAL, so readers never wait for the writer; <c>synchronous=FULL</c>, so a committed write
/// survives a power cut, not only a crash of the process.
/// </summary>
internal sealed class SqliteFile(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = System.IO.Path.GetFullPath(path),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Creates the folder and the schema, and returns the open writer connection.</summary>
    public SqliteConnection OpenWriter(string schema)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path) ?? ".");
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            Execute(connection, schema);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A pooled connection for reads; it sees the last committed state.</summary>
    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
