using System.Text.Json;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Events;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Grains.Datasets;

public sealed partial class DatasetGrain
{
    public async Task ReportProgressAsync(string jobId, double progress, string message, bool force = false)
    {
        var dataset = await LoadCurrentAsync(jobId);
        if (dataset is null || !double.IsFinite(progress))
        {
            return;
        }
        // Never backwards: a retried job starts over, but what users saw stays where it was until the job passes it.
        dataset = dataset with { Progress = Math.Max(dataset.Progress, Math.Clamp(progress, 0, 99.9)), Message = message };
        var due = force || Now - dataset.LastProgressAt >= (long)options.ProgressInterval.TotalMilliseconds;
        if (due)
        {
            dataset = dataset with { LastProgressAt = Now };
            turn.Emit(Channel, EventTypes.Progress, new DatasetProgressed(datasetId, Math.Round(dataset.Progress, 1), dataset.Status, message));
        }
        await _store.UpdateDatasetAsync(dataset);
    }

    public async Task CompleteImportAsync(string jobId, IReadOnlyList<DatasetFile> files, long numSamples, long sizeBytes, JsonElement statistics)
    {
        if (await LoadCurrentAsync(jobId) is not { } dataset)
        {
            return;
        }
        dataset = dataset with
        {
            Status = DatasetStatuses.Ready,
            Progress = 100,
            Message = "Dataset downloaded successfully",
            Error = null,
            NumSamples = numSamples,
            SizeBytes = sizeBytes,
            FilesJson = Json(files),
            StatisticsJson = statistics.GetRawText(),
        };
        await FinishAsync(dataset, jobId, statistics);
    }

    public async Task CompleteTokenizationAsync(string jobId, JsonElement statistics, IReadOnlyList<string> shards)
    {
        if (await LoadCurrentAsync(jobId) is not { } dataset)
        {
            return;
        }
        var settings = DatasetViews.Tokenization(dataset)!;
        dataset = dataset with
        {
            Status = DatasetStatuses.Ready,
            Progress = 100,
            Message = "Tokenization complete",
            Error = null,
            TokenizationJson = Json(settings with { Status = JobStatuses.Done, Statistics = statistics, Shards = shards, CompletedAt = time.GetUtcNow() }),
        };
        await FinishAsync(dataset, jobId, statistics);
    }

    public async Task FailAsync(string jobId, string message)
    {
        if (await LoadCurrentAsync(jobId) is not { } dataset)
        {
            return;
        }
        var tokenization = DatasetViews.Tokenization(dataset);
        dataset = dataset with
        {
            Status = DatasetStatuses.Error,
            Error = message,
            Message = message,
            JobId = null,
            TokenizationJson = tokenization is not null && tokenization.Status == JobStatuses.Running
                ? Json(tokenization with { Status = JobStatuses.Failed })
                : dataset.TokenizationJson,
        };
        await EndJobAsync(jobId, JobStatuses.Failed);
        await _store.UpdateDatasetAsync(dataset);
        turn.Emit(Channel, EventTypes.Error, new DatasetFailed(datasetId, DatasetStatuses.Error, message));
    }

    private async Task FinishAsync(DatasetState dataset, string jobId, JsonElement statistics)
    {
        await EndJobAsync(jobId, JobStatuses.Done);
        await _store.UpdateDatasetAsync(dataset with { JobId = null, LastProgressAt = Now });
        turn.Emit(Channel, EventTypes.Completed, new DatasetCompleted(
            datasetId, 100, DatasetStatuses.Ready, dataset.Message!, dataset.NumSamples ?? 0, dataset.SizeBytes ?? 0, statistics));
    }

    private async Task EndJobAsync(string jobId, string status)
    {
        if (await _store.GetJobAsync(jobId) is { } job)
        {
            await _store.UpdateJobAsync(job with { Status = status, LeaseOwner = null, LeaseUntil = null, UpdatedAt = Now });
        }
    }

    /// <summary>The dataset, if <paramref name="jobId"/> is its current job; null for a stale report, which is ignored.</summary>
    private async Task<DatasetState?> LoadCurrentAsync(string jobId)
    {
        var dataset = await _store.GetDatasetAsync(datasetId);
        return dataset is not null && dataset.JobId == jobId ? dataset : null;
    }
}
