using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Events;
using Spaces.Grains.Abstractions.Indexes;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Publishing;

namespace Spaces.Grains.Datasets;

/// <summary>
/// The owner of one dataset and of its progress channel. Starting work records a job run and hands it to the dataset's
/// <see cref="JobHostGrain"/>, on a silo that runs jobs; the run's reports come back here, and a report from a run that
/// is no longer current is dropped, so a dead host's late words change nothing. A reminder restarts a run that no host is running any more.
/// </summary>
public sealed partial class DatasetGrain(
    [PersistentState("dataset", GrainStorage.Name)] IPersistentState<DatasetState> dataset,
    ChannelPublishers publishers,
    TimeProvider time,
    IOptions<DatasetGrainOptions> options,
    ILogger<DatasetGrain> logger) : Grain, IDatasetGrain, IRemindable
{
    private const string JobReminder = "job";
    private ChannelPublisher? _channel;
    private bool _writeFailed;

    private string Id => this.GetPrimaryKeyString();

    private DatasetState State => dataset.State;

    private ChannelPublisher Channel => _channel ?? throw new InvalidOperationException("The dataset grain is not active");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _channel = publishers.Create(Channels.DatasetProgress(Id), State.SeqReservedThrough);
        if (State.Job is { } run && await IsRunningSomewhereAsync(run) == false)
        {
            // Active again with a job no one runs: this grain's silo died or restarted under it.
            await RestartJobAsync(run);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        Channel.HandBackAsync(dataset, _writeFailed, e => Log.HandBackFailed(logger, Id, e), cancellationToken);

    public async Task<DatasetView> ImportAsync(DatasetImport import, string ownerId)
    {
        if (!RepoIdPattern().IsMatch(import.RepoId ?? ""))
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Not a Hub dataset id: '{import.RepoId}'. Use owner/name, e.g. roneneldan/TinyStories");
        }
        if (dataset.RecordExists)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Dataset {Id} already exists");
        }
        var state = State;
        (state.OwnerId, state.RepoId, state.Config, state.Split, state.Revision) = (ownerId, import.RepoId!, import.Config, import.Split, import.Revision);
        (state.Status, state.CreatedAt) = (DatasetStatuses.Downloading, time.GetUtcNow());
        var run = NewRun(JobKinds.Import, import, attempt: 1);
        state.Job = run;
        await KeepJobReminderAsync();
        await SayStartedAsync(DatasetMessages.StartingDownload);
        await Task.WhenAll(
            GrainFactory.GetGrain<IIndexGrain>(Indexes.DatasetsOf(ownerId)).AddAsync(Id),
            GrainFactory.GetGrain<IIndexGrain>(Indexes.AllDatasets).AddAsync(Id));
        await StartAsync(run);
        return DatasetViews.From(Id, state);
    }

    public async Task<DatasetView> TokenizeAsync(TokenizeSettings settings)
    {
        Validate(settings);
        var state = Loaded();
        if (DatasetStatuses.IsBusy(state.Status))
        {
            throw new SpacesException(ErrorCode.DatasetBusy, $"Dataset {Id} is {state.Status}; wait until it is ready");
        }
        if (state.NumSamples is null)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Dataset {Id} has not been imported; import it again before tokenizing");
        }
        var run = NewRun(JobKinds.Tokenize, settings, attempt: 1);
        (state.Status, state.Progress, state.Error, state.Job, state.TokenizeCheckpoint) = (DatasetStatuses.Tokenizing, 0, null, run, null);
        state.Tokenization = new TokenizationInfo(settings.TokenizerName, settings.MaxLength, settings.Stride, JobStatuses.Running, null, [], null);
        await KeepJobReminderAsync();
        await SayStartedAsync(DatasetMessages.StartingTokenization);
        await StartAsync(run);
        return DatasetViews.From(Id, state);
    }

    public Task<DatasetRecord?> GetAsync() =>
        Task.FromResult(dataset.RecordExists ? new DatasetRecord(DatasetViews.From(Id, State), State.OwnerId, Channel.Seq) : null);

    public async Task DeleteAsync()
    {
        var state = Loaded();
        if (state.Job is { } run)
        {
            await CancelRunAsync(run);
        }
        await Task.WhenAll(
            GrainFactory.GetGrain<IIndexGrain>(Indexes.DatasetsOf(state.OwnerId)).RemoveAsync(Id),
            GrainFactory.GetGrain<IIndexGrain>(Indexes.AllDatasets).RemoveAsync(Id));
        await StopJobReminderAsync();
        try
        {
            await dataset.ClearStateAsync();
        }
        catch (Exception e)
        {
            WriteFailed(e);
            throw SpacesException.StorageUnavailable();
        }
        DeactivateOnIdle();
    }

    private DatasetState Loaded() =>
        dataset.RecordExists ? State : throw new SpacesException(ErrorCode.DatasetNotFound, $"Dataset not found: {Id}");

    /// <summary>Stages the event, then saves: a durable fact is stored before anyone hears it (see <see cref="SaveAsync"/>).</summary>
    private Task PublishAsync(string type, object data)
    {
        Channel.Stage(type, data);
        return SaveAsync();
    }

    /// <summary>
    /// Writes the state with the channel's reservation, then publishes what was staged. A failed write leaves this
    /// activation's memory ahead of the store, so it is dropped and the caller gets 503: the next call activates from the
    /// stored state, and a job whose report or checkpoint failed is restarted by the reminder from its stored checkpoint.
    /// </summary>
    private async Task SaveAsync()
    {
        await Channel.StoreAsync(dataset, WriteFailed);
        Channel.PublishStaged(time.GetUtcNow());
    }

    private void WriteFailed(Exception e)
    {
        _writeFailed = true;
        Log.WriteFailed(logger, Id, e);
        DeactivateOnIdle();
    }

    private Task SayStartedAsync(DatasetMessage message)
    {
        State.Say(message);
        return PublishAsync(EventTypes.Progress, new DatasetProgressed(Id, 0, State.Status, message.Text, message.Key, message.Args));
    }

    private JobTicket NewRun(string kind, object payload, int attempt) => new(
        Guid.NewGuid().ToString("N"), kind, Id, JsonSerializer.Serialize(payload, payload.GetType(), SpacesJson.Options), attempt);

    private void Validate(TokenizeSettings s)
    {
        if (!TokenizerPattern().IsMatch(s.TokenizerName ?? ""))
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Not a Hub tokenizer name: '{s.TokenizerName}'. Use e.g. gpt2 or openai-community/gpt2");
        }
        if (s.MaxLength < 1 || s.MaxLength > options.Value.MaxLengthLimit)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"max_length must be from 1 to {options.Value.MaxLengthLimit}");
        }
        if (s.Stride < 0 || s.Stride >= s.MaxLength)
        {
            throw new SpacesException(ErrorCode.InvalidInput, "stride must be at least 0 and less than max_length");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5201, LogLevel.Error, "Writing the state of dataset {DatasetId} failed; the activation is dropped")]
        public static partial void WriteFailed(ILogger logger, string datasetId, Exception exception);

        [LoggerMessage(5202, LogLevel.Warning, "Handing back the unused seqs of dataset {DatasetId} failed")]
        public static partial void HandBackFailed(ILogger logger, string datasetId, Exception exception);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][\w.-]{0,95}/[\w.-]{1,96}$")]
    private static partial Regex RepoIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][\w.-]{0,95}(/[\w.-]{1,96})?$")]
    private static partial Regex TokenizerPattern();
}
