using System.Text.Json;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>
/// The single owner of one dataset: its status, progress, files, tokenization and statistics. Work runs as durable
/// jobs; a job reports through these calls, which ignore a job that is no longer the dataset's current one.
/// </summary>
public interface IDatasetGrain
{
    /// <summary>Creates the dataset and queues its import job.</summary>
    Task<DatasetView> ImportAsync(DatasetImport import, string ownerId);

    /// <summary>Queues a tokenization; refused while another job runs.</summary>
    Task<DatasetView> TokenizeAsync(TokenizeSettings settings);

    /// <summary>Records progress; never moves backwards, and publishes at most every 250 ms except when forced.</summary>
    Task ReportProgressAsync(string jobId, double progress, string message, bool force = false);

    Task CompleteImportAsync(string jobId, IReadOnlyList<DatasetFile> files, long numSamples, long sizeBytes, JsonElement statistics);

    Task CompleteTokenizationAsync(string jobId, JsonElement statistics, IReadOnlyList<string> shards);

    /// <summary>Ends the current job with an error that stays until the user acts (tokenize again, import again or delete).</summary>
    Task FailAsync(string jobId, string message);

    Task DeleteAsync();
}
