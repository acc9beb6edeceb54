using System.Text.Json;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Events;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Grains.Datasets;

public sealed partial class DatasetGrain
{
    public async Task ReportProgressAsync(string jobId, double progress, DatasetMessage message)
    {
        if (!IsCurrent(jobId) || !double.IsFinite(progress))
        {
            return;
        }
        // Never backwards: a restarted run starts over, but what users saw stays where it was until the run passes it.
        State.Progress = Math.Max(State.Progress, Math.Clamp(progress, 0, 99.9));
        State.Say(message);
        await PublishAsync(EventTypes.Progress, new DatasetProgressed(Id, Math.Round(State.Progress, 1), State.Status, message.Text, message.Key, message.Args));
    }

    public async Task CheckpointAsync(string jobId, DatasetFile file)
    {
        if (IsCurrent(jobId) && !State.Checkpoint.Contains(file))
        {
            State.Checkpoint.Add(file);
            await SaveAsync();
        }
    }

    public Task<IReadOnlyList<DatasetFile>> GetCheckpointAsync() => Task.FromResult<IReadOnlyList<DatasetFile>>([.. State.Checkpoint]);

    public async Task CheckpointShardAsync(string jobId, TokenizeCheckpoint checkpoint)
    {
        // Only the current run checkpoints, and its checkpoints only move forward: the last one is where it stands.
        if (IsCurrent(jobId))
        {
            State.TokenizeCheckpoint = checkpoint;
            await SaveAsync();
        }
    }

    public Task<TokenizeCheckpoint?> GetShardCheckpointAsync() => Task.FromResult(State.TokenizeCheckpoint);

    public async Task CompleteImportAsync(string jobId, IReadOnlyList<DatasetFile> files, long numSamples, long sizeBytes, JsonElement statistics)
    {
        if (!IsCurrent(jobId))
        {
            return;
        }
        var state = State;
        (state.NumSamples, state.SizeBytes, state.Files, state.Statistics) = (numSamples, sizeBytes, [.. files], statistics);
        await FinishAsync(DatasetMessages.Downloaded, statistics);
    }

    public async Task CompleteTokenizationAsync(string jobId, JsonElement statistics, IReadOnlyList<string> shards)
    {
        if (!IsCurrent(jobId) || State.Tokenization is not { } settings)
        {
            return;
        }
        State.Tokenization = settings with { Status = JobStatuses.Done, Statistics = statistics, Shards = shards, CompletedAt = time.GetUtcNow() };
        await FinishAsync(DatasetMessages.Tokenized, statistics);
    }

    public async Task FailAsync(string jobId, DatasetMessage message)
    {
        if (!IsCurrent(jobId))
        {
            return;
        }
        await FailCurrentAsync(message);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != JobReminder)
        {
            return;
        }
        if (State.Job is not { } run)
        {
            await StopJobReminderAsync();
        }
        else if (!await JobHost.IsRunningAsync(run.Id))
        {
            // A failed call (no job silo reachable yet) fails this tick; the next one asks again.
            await RestartJobAsync(run);
        }
    }

    private bool IsCurrent(string jobId) => dataset.RecordExists && State.Job?.Id == jobId;

    private static readonly TimeSpan JobHostAnswerTimeout = TimeSpan.FromSeconds(5);

    private IJobHostGrain JobHost => GrainFactory.GetGrain<IJobHostGrain>(Id);

    /// <summary>Null when no job silo answers: the reminder decides later, so an activation never fails on it.</summary>
    private async Task<bool?> IsRunningSomewhereAsync(JobTicket run)
    {
        try
        {
            // Bounded: a job silo that just died may hold its calls until membership says so, and this runs in activation.
            return await JobHost.IsRunningAsync(run.Id).WaitAsync(JobHostAnswerTimeout);
        }
        catch (Exception e) when (e is not SpacesException)
        {
            return null;
        }
    }

    private async Task CancelRunAsync(JobTicket run)
    {
        try
        {
            await JobHost.CancelAsync(run.Id).WaitAsync(JobHostAnswerTimeout);
        }
        catch (Exception e) when (e is not SpacesException)
        {
            // Its silo is gone or unreachable: the run's later reports are dropped, as it is no longer current.
        }
    }

    /// <summary>
    /// The reminder outlives this activation and its silo: it brings the grain back to restart the run. Registered before
    /// the run is stored, so a stored run always has one; a reminder without a run stops itself at its first tick.
    /// </summary>
    private async Task KeepJobReminderAsync()
    {
        try
        {
            await this.RegisterOrUpdateReminder(JobReminder, options.Value.JobCheckInterval, options.Value.JobCheckInterval);
        }
        catch (Exception e) when (e is not SpacesException)
        {
            // The reminder table is storage too; memory already holds the run this call was to start.
            WriteFailed(e);
            throw SpacesException.StorageUnavailable();
        }
    }

    /// <summary>Hands the stored run to a job silo; the reminder (see <see cref="KeepJobReminderAsync"/>) covers a failed hand-over.</summary>
    private async Task StartAsync(JobTicket run)
    {
        try
        {
            await JobHost.StartAsync(run).WaitAsync(JobHostAnswerTimeout);
        }
        catch (Exception e) when (e is not SpacesException)
        {
            // No job silo took it (none up, or none known yet): the reminder finds the run not running and starts it again.
        }
    }

    private async Task RestartJobAsync(JobTicket run)
    {
        if (run.Attempt >= options.Value.MaxJobAttempts)
        {
            await FailCurrentAsync(DatasetMessages.Interrupted(run.Kind, run.Attempt));
            return;
        }
        var next = run with { Id = Guid.NewGuid().ToString("N"), Attempt = run.Attempt + 1 };
        State.Job = next;
        await KeepJobReminderAsync();
        await SaveAsync();
        await StartAsync(next);
    }

    private async Task FailCurrentAsync(DatasetMessage message)
    {
        var state = State;
        (state.Status, state.Error, state.Job) = (DatasetStatuses.Error, message.Text, null);
        state.Say(message);
        ClearCheckpoints();
        if (state.Tokenization is { Status: JobStatuses.Running } running)
        {
            state.Tokenization = running with { Status = JobStatuses.Failed };
        }
        await PublishAsync(EventTypes.Error, new DatasetFailed(Id, DatasetStatuses.Error, message.Text, message.Key, message.Args));
        await StopJobReminderAsync();
    }

    private async Task FinishAsync(DatasetMessage message, JsonElement statistics)
    {
        var state = State;
        (state.Status, state.Progress, state.Error, state.Job) = (DatasetStatuses.Ready, 100, null, null);
        state.Say(message);
        ClearCheckpoints();
        await PublishAsync(EventTypes.Completed, new DatasetCompleted(
            Id, 100, DatasetStatuses.Ready, message.Text, message.Key, message.Args, state.NumSamples ?? 0, state.SizeBytes ?? 0, statistics));
        await StopJobReminderAsync();
    }

    private void ClearCheckpoints()
    {
        State.Checkpoint.Clear();
        State.TokenizeCheckpoint = null;
    }

    private async Task StopJobReminderAsync()
    {
        if (await this.GetReminder(JobReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
