using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Datasets;
using Spaces.Silo.Storage;

namespace Spaces.Silo.Jobs;

/// <summary>
/// Runs the dataset jobs that job-host grains on this silo start, off the grains' scheduler, a bounded number at a time. A run
/// that dies with its host is restarted by its grain; one that the grain moved past keeps running only until it
/// reports, and its reports are ignored.
/// </summary>
public sealed partial class JobRunner(
    IGrainFactory grains,
    IEnumerable<IJobHandler> handlers,
    IOptions<JobRunnerOptions> options,
    ILogger<JobRunner> logger) : IJobRunner, IHostedService, IDisposable
{
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentJobs, options.Value.MaxConcurrentJobs);
    private readonly CancellationTokenSource _stopping = new();

    public bool AcceptsJobs => options.Value.Enabled;

    public bool IsRunning(string runId) => _running.ContainsKey(runId);

    public void Start(JobTicket ticket)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        if (!_running.TryAdd(ticket.Id, cancellation))
        {
            cancellation.Dispose();
            return;
        }
        // Runs to its end off the grain's turn; everything it does is reported to the grain or logged here.
        _ = Task.Run(() => RunAsync(ticket, cancellation.Token), CancellationToken.None);
    }

    public void Cancel(string runId)
    {
        if (_running.TryGetValue(runId, out var cancellation))
        {
            cancellation.Cancel();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task RunAsync(JobTicket job, CancellationToken cancellationToken)
    {
        var dataset = grains.GetGrain<IDatasetGrain>(job.DatasetId);
        try
        {
            await _slots.WaitAsync(cancellationToken);
            try
            {
                Log.Starting(logger, job.Kind, job.Id, job.DatasetId, job.Attempt);
                var handler = _handlers.GetValueOrDefault(job.Kind) ?? throw new JobFailedException(DatasetMessages.Unsupported(job.Kind));
                await using var context = new JobContext(job, dataset, logger);
                await handler.RunAsync(context, cancellationToken);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down or cancelled: the grain restarts the job if it is still wanted.
            Log.Interrupted(logger, job.Id);
        }
        catch (Exception e) when (StorageOutage.Explains(e))
        {
            // Not the job's fault, so not its failure: the grain dropped the activation whose write failed, and its reminder
            // restarts the run from the stored checkpoint once storage answers.
            Log.StorageOut(logger, job.Id, e);
        }
        catch (Exception e)
        {
            var message = e is JobFailedException failed ? failed.Reason : DatasetMessages.Failed(job.Kind, e.Message);
            Log.JobFailed(logger, job.Id, e);
            await ReportFailureAsync(dataset, job, message);
        }
        finally
        {
            if (_running.TryRemove(job.Id, out var cancellation))
            {
                cancellation.Dispose();
            }
        }
    }

    private async Task ReportFailureAsync(IDatasetGrain dataset, JobTicket job, DatasetMessage message)
    {
        try
        {
            await dataset.FailAsync(job.Id, message);
        }
        catch (Exception e)
        {
            // The grain's reminder finds the run gone and restarts or fails it.
            Log.ReportFailed(logger, job.Id, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "Starting {Kind} job {JobId} of dataset {DatasetId} (attempt {Attempt})")]
        public static partial void Starting(ILogger logger, string kind, string jobId, string datasetId, int attempt);

        [LoggerMessage(4002, LogLevel.Warning, "Job {JobId} failed")]
        public static partial void JobFailed(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(4004, LogLevel.Information, "Job {JobId} interrupted")]
        public static partial void Interrupted(ILogger logger, string jobId);

        [LoggerMessage(4007, LogLevel.Warning, "Job {JobId} stopped: storage does not answer; its grain restarts it from its checkpoint")]
        public static partial void StorageOut(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(4006, LogLevel.Error, "Reporting the failure of job {JobId} failed")]
        public static partial void ReportFailed(ILogger logger, string jobId, Exception exception);
    }
}
