using System.Text.Json;
using System.Text.RegularExpressions;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Events;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Runtime;

namespace Spaces.Grains.Datasets;

/// <summary>
/// The owner of one dataset. Starting work queues a durable job; the job's reports come back through this grain,
/// which drops any report from a job that is no longer current, so a dead node's late words change nothing.
/// </summary>
public sealed partial class DatasetGrain(string datasetId, ITurn turn, TimeProvider time, DatasetGrainOptions options) : IDatasetGrain
{
    private readonly IDatasetStore _store = turn.Datasets;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private string Channel => Channels.DatasetProgress(datasetId);

    public async Task<DatasetView> ImportAsync(DatasetImport import, string ownerId)
    {
        if (!RepoIdPattern().IsMatch(import.RepoId ?? ""))
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Not a Hub dataset id: '{import.RepoId}'. Use owner/name, e.g. roneneldan/TinyStories");
        }
        if (await _store.GetDatasetAsync(datasetId) is not null)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Dataset {datasetId} already exists");
        }
        var job = NewJob(JobKinds.Import, import);
        var dataset = new DatasetState
        {
            Id = datasetId,
            OwnerId = ownerId,
            RepoId = import.RepoId!,
            Config = import.Config,
            Split = import.Split,
            Revision = import.Revision,
            Status = DatasetStatuses.Downloading,
            Message = "Starting download...",
            JobId = job.Id,
            LastProgressAt = Now,
            CreatedAt = Now,
        };
        await _store.InsertJobAsync(job);
        await _store.InsertDatasetAsync(dataset);
        turn.Emit(Channel, EventTypes.Progress, new DatasetProgressed(datasetId, 0, dataset.Status, dataset.Message));
        return DatasetViews.From(dataset);
    }

    public async Task<DatasetView> TokenizeAsync(TokenizeSettings settings)
    {
        Validate(settings);
        var dataset = await LoadAsync();
        if (DatasetStatuses.IsBusy(dataset.Status))
        {
            throw new SpacesException(ErrorCode.DatasetBusy, $"Dataset {datasetId} is {dataset.Status}; wait until it is ready");
        }
        if (dataset.NumSamples is null)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Dataset {datasetId} has not been imported; import it again before tokenizing");
        }
        var job = NewJob(JobKinds.Tokenize, settings);
        var tokenization = new TokenizationInfo(settings.TokenizerName, settings.MaxLength, settings.Stride, JobStatuses.Running, null, [], null);
        dataset = dataset with
        {
            Status = DatasetStatuses.Tokenizing,
            Progress = 0,
            Message = "Starting tokenization...",
            Error = null,
            JobId = job.Id,
            TokenizationJson = Json(tokenization),
            LastProgressAt = Now,
        };
        await _store.InsertJobAsync(job);
        await _store.UpdateDatasetAsync(dataset);
        turn.Emit(Channel, EventTypes.Progress, new DatasetProgressed(datasetId, 0, dataset.Status, dataset.Message));
        return DatasetViews.From(dataset);
    }

    public async Task DeleteAsync()
    {
        var dataset = await LoadAsync();
        if (dataset.JobId is { } jobId && await _store.GetJobAsync(jobId) is { } job)
        {
            await _store.UpdateJobAsync(job with { Status = JobStatuses.Cancelled, UpdatedAt = Now });
        }
        await _store.DeleteDatasetAsync(datasetId);
    }

    private async Task<DatasetState> LoadAsync() =>
        await _store.GetDatasetAsync(datasetId) ?? throw new SpacesException(ErrorCode.DatasetNotFound, $"Dataset not found: {datasetId}");

    private JobState NewJob(string kind, object payload) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Kind = kind,
        DatasetId = datasetId,
        PayloadJson = Json(payload),
        Status = JobStatuses.Queued,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private void Validate(TokenizeSettings s)
    {
        if (!TokenizerPattern().IsMatch(s.TokenizerName ?? ""))
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Not a Hub tokenizer name: '{s.TokenizerName}'. Use e.g. gpt2 or openai-community/gpt2");
        }
        if (s.MaxLength < 1 || s.MaxLength > options.MaxLengthLimit)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"max_length must be from 1 to {options.MaxLengthLimit}");
        }
        if (s.Stride < 0 || s.Stride >= s.MaxLength)
        {
            throw new SpacesException(ErrorCode.InvalidInput, "stride must be at least 0 and less than max_length");
        }
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType(), SpacesJson.Options);

    [GeneratedRegex(@"^[A-Za-z0-9][\w.-]{0,95}/[\w.-]{1,96}$")]
    private static partial Regex RepoIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][\w.-]{0,95}(/[\w.-]{1,96})?$")]
    private static partial Regex TokenizerPattern();
}
