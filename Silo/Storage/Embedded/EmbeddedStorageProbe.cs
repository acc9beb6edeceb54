using Microsoft.Data.Sqlite;

namespace Spaces.Silo.Storage.Embedded;

/// <summary>The embedded grain-state file answers a query of its catalog, and the blob folder is there.</summary>
public sealed class EmbeddedStorageProbe(string grainStateFile, string blobsFolder) : IStorageProbe
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(grainStateFile),
        // Never creates the file: a missing one (a deleted or unmounted data folder) is a failed probe.
        Mode = SqliteOpenMode.ReadOnly,
        // A pooled connection would keep the file open and answer after it is gone.
        Pooling = false,
        DefaultTimeout = 5,
    }.ToString();

    public string Describe => $"the SQLite file {Path.GetFullPath(grainStateFile)} and the folder {Path.GetFullPath(blobsFolder)}";

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await using (var connection = new SqliteConnection(_connectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        if (!Directory.Exists(blobsFolder))
        {
            throw new DirectoryNotFoundException($"The blob folder {Path.GetFullPath(blobsFolder)} is missing");
        }
    }
}
