using System.Text.Json;
using Orleans;
using Orleans.Concurrency;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>
/// The single owner of one dataset and of <c>datasets/{id}/progress</c>: status, progress, files, tokenization and
/// statistics. Work runs as jobs off the grain; a job reports through these calls, which ignore a run that is no
/// longer the dataset's current one.
/// </summary>
public interface IDatasetGrain : IChannelGrain
{
    /// <summary>Creates the dataset and starts its import.</summary>
    Task<DatasetView> ImportAsync(DatasetImport import, string ownerId);

    /// <summary>Starts a tokenization; refused while another job runs.</summary>
    Task<DatasetView> TokenizeAsync(TokenizeSettings settings);

    [ReadOnly]
    Task<DatasetRecord?> GetAsync();

    /// <summary>Records a finished unit of the run (an imported file), so a restarted run picks up after it.</summary>
    Task CheckpointAsync(string jobId, DatasetFile file);

    /// <summary>The units the current job finished in earlier runs, in order.</summary>
    [ReadOnly]
    Task<IReadOnlyList<DatasetFile>> GetCheckpointAsync();

    /// <summary>Records a tokenization's stored shards and position, so a restarted run goes on from there.</summary>
    Task CheckpointShardAsync(string jobId, TokenizeCheckpoint checkpoint);

    /// <summary>Where the current tokenization stood after its last checkpoint in an earlier run, if it made one.</summary>
    [ReadOnly]
    Task<TokenizeCheckpoint?> GetShardCheckpointAsync();

    /// <summary>Records progress, which never moves backwards, and publishes it (the job's context limits how often it reports).</summary>
    Task ReportProgressAsync(string jobId, double progress, DatasetMessage message);

    Task CompleteImportAsync(string jobId, IReadOnlyList<DatasetFile> files, long numSamples, long sizeBytes, JsonElement statistics);

    Task CompleteTokenizationAsync(string jobId, JsonElement statistics, IReadOnlyList<string> shards);

    /// <summary>Ends the current job with an error that stays until the user acts (tokenize again, import again or delete).</summary>
    Task FailAsync(string jobId, DatasetMessage message);

    Task DeleteAsync();
}
