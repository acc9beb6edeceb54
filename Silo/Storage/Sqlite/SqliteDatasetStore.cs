using Dapper;
using Microsoft.Data.Sqlite;
using Spaces.Grains.Datasets;
using Spaces.Grains.Runtime;

namespace Spaces.Silo.Storage.Sqlite;

/// <summary>Dataset and job rows inside one turn's transaction.</summary>
internal sealed class SqliteDatasetStore(SqliteConnection connection, SqliteTransaction transaction) : IDatasetStore
{
    internal const string DatasetColumns = """
        id, owner_id, repo_id, config, split, revision, status, progress, message, error, num_samples, size_bytes,
        files_json, tokenization_json, statistics_json, job_id, last_progress_at, created_at
        """;

    internal const string JobColumns = "id, kind, dataset_id, payload_json, status, lease_owner, lease_until, attempts, created_at, updated_at";

    private const string DatasetValues = """
        @Id, @OwnerId, @RepoId, @Config, @Split, @Revision, @Status, @Progress, @Message, @Error, @NumSamples, @SizeBytes,
        @FilesJson, @TokenizationJson, @StatisticsJson, @JobId, @LastProgressAt, @CreatedAt
        """;

    private const string JobValues = "@Id, @Kind, @DatasetId, @PayloadJson, @Status, @LeaseOwner, @LeaseUntil, @Attempts, @CreatedAt, @UpdatedAt";

    public Task<DatasetState?> GetDatasetAsync(string datasetId) =>
        connection.QuerySingleOrDefaultAsync<DatasetState>($"SELECT {DatasetColumns} FROM datasets WHERE id = @datasetId", new { datasetId }, transaction);

    public Task InsertDatasetAsync(DatasetState dataset) =>
        connection.ExecuteAsync($"INSERT INTO datasets ({DatasetColumns}) VALUES ({DatasetValues})", dataset, transaction);

    public Task UpdateDatasetAsync(DatasetState dataset) =>
        connection.ExecuteAsync($"REPLACE INTO datasets ({DatasetColumns}) VALUES ({DatasetValues})", dataset, transaction);

    public Task DeleteDatasetAsync(string datasetId) =>
        connection.ExecuteAsync("DELETE FROM datasets WHERE id = @datasetId", new { datasetId }, transaction);

    public Task<JobState?> GetJobAsync(string jobId) =>
        connection.QuerySingleOrDefaultAsync<JobState>($"SELECT {JobColumns} FROM jobs WHERE id = @jobId", new { jobId }, transaction);

    public Task InsertJobAsync(JobState job) =>
        connection.ExecuteAsync($"INSERT INTO jobs ({JobColumns}) VALUES ({JobValues})", job, transaction);

    public Task UpdateJobAsync(JobState job) =>
        connection.ExecuteAsync($"REPLACE INTO jobs ({JobColumns}) VALUES ({JobValues})", job, transaction);
}
