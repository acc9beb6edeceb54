using Dapper;
using Microsoft.Data.Sqlite;

namespace Spaces.Silo.Storage.Sqlite;

/// <summary>
/// The embedded database: one file in WAL mode. SQLite allows one writer at a time, so writes go through one
/// connection behind a gate; reads use their own pooled connections and see committed snapshots.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writer;

    static SqliteDatabase()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public SqliteDatabase(string filePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = filePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // WAL survives in the file; FULL syncs each commit so an acknowledged write survives a crash of the machine too.
        connection.Execute("PRAGMA journal_mode=WAL;");
        using var schema = typeof(SqliteDatabase).Assembly.GetManifestResourceStream("Spaces.Silo.Sqlite.Schema.sql")!;
        connection.Execute(new StreamReader(schema).ReadToEnd());
    }

    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Takes the write gate and returns the writer connection; dispose the lease to release it.</summary>
    public async Task<WriterLease> AcquireWriterAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_writer is null)
            {
                _writer = new SqliteConnection(_connectionString);
                await _writer.OpenAsync(cancellationToken).ConfigureAwait(false);
                await _writer.ExecuteAsync("PRAGMA synchronous=FULL;").ConfigureAwait(false);
            }
            return new WriterLease(_writer, _writeGate);
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    /// <summary>Runs one write statement (or a few) in its own transaction, on the writer.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        using var lease = await AcquireWriterAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = lease.Connection.BeginTransaction(deferred: false);
        var result = await work(lease.Connection, transaction).ConfigureAwait(false);
        transaction.Commit();
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        _writeGate.Dispose();
    }

    public sealed class WriterLease(SqliteConnection connection, SemaphoreSlim gate) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public void Dispose() => gate.Release();
    }
}
