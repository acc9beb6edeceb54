using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Grains.Datasets;
using Spaces.Silo.Hosting;
using Spaces.Silo.Runtime;
using Spaces.Silo.Stores;

namespace Spaces.Silo.Jobs;

/// <summary>
/// Claims durable jobs and runs them, renewing each lease while it works. A job whose lease is lost (cancelled,
/// or claimed by another node after a stall) is stopped here; its grain ignores anything it would still report.
/// </summary>
public sealed partial class JobRunner(
    IJobQueue queue,
    GrainFactory grains,
    IEnumerable<IJobHandler> handlers,
    SiloNode node,
    TimeProvider time,
    IOptions<JobRunnerOptions> options,
    ILogger<JobRunner> logger) : BackgroundService
{
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly JobRunnerOptions _options = options.Value;

    /// <summary>Looks for work now instead of at the next poll (called when a job was just queued on this node).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (node.IsOnlyNode)
        {
            await queue.ExpireLeasesNotHeldByAsync(node.Id, stoppingToken);
        }
        using var slots = new SemaphoreSlim(_options.MaxConcurrentJobs, _options.MaxConcurrentJobs);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            await slots.WaitAsync(stoppingToken);
            var job = await ClaimAsync(stoppingToken);
            if (job is null)
            {
                slots.Release();
                await _wake.WaitAsync(_options.PollInterval, stoppingToken);
                continue;
            }
            running.RemoveAll(t => t.IsCompleted);
            running.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        await RunAsync(job, stoppingToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                },
                CancellationToken.None));
        }
        await Task.WhenAll(running);
    }

    private async Task<JobState?> ClaimAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            return await queue.ClaimAsync(node.Id, now.ToUnixTimeMilliseconds(), (now + _options.LeaseDuration).ToUnixTimeMilliseconds(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ClaimFailed(logger, e);
            return null;
        }
    }

    private async Task RunAsync(JobState job, CancellationToken stoppingToken)
    {
        var dataset = grains.GetDataset(job.DatasetId);
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewWhileRunningAsync(job.Id, lease, lease.Token);
        try
        {
            Log.Starting(logger, job.Kind, job.Id, job.DatasetId, job.Attempts);
            if (job.Attempts > _options.MaxAttempts)
            {
                throw new JobFailedException($"The {job.Kind} was interrupted {job.Attempts - 1} times; giving up");
            }
            if (!_handlers.TryGetValue(job.Kind, out var handler))
            {
                throw new JobFailedException($"This node cannot run {job.Kind} jobs");
            }
            await handler.RunAsync(new JobContext(job, dataset), lease.Token);
        }
        catch (OperationCanceledException) when (lease.IsCancellationRequested)
        {
            // Shutting down, or the lease was lost: the job stays claimable and runs again elsewhere or after restart.
            Log.Interrupted(logger, job.Id);
        }
        catch (Exception e)
        {
            var message = e is JobFailedException ? e.Message : $"The {job.Kind} failed: {e.Message}";
            Log.JobFailed(logger, job.Id, e);
            await dataset.FailAsync(job.Id, message);
        }
        finally
        {
            await lease.CancelAsync();
            await renewal;
        }
    }

    private async Task RenewWhileRunningAsync(string jobId, CancellationTokenSource lease, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.LeaseDuration / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var until = (time.GetUtcNow() + _options.LeaseDuration).ToUnixTimeMilliseconds();
                if (!await queue.RenewAsync(jobId, node.Id, until, cancellationToken))
                {
                    Log.LeaseLost(logger, jobId);
                    await lease.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "Starting {Kind} job {JobId} of dataset {DatasetId} (attempt {Attempt})")]
        public static partial void Starting(ILogger logger, string kind, string jobId, string datasetId, int attempt);

        [LoggerMessage(4002, LogLevel.Warning, "Job {JobId} failed")]
        public static partial void JobFailed(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(4003, LogLevel.Warning, "Job {JobId} lost its lease; stopping it")]
        public static partial void LeaseLost(ILogger logger, string jobId);

        [LoggerMessage(4004, LogLevel.Information, "Job {JobId} interrupted; it stays claimable")]
        public static partial void Interrupted(ILogger logger, string jobId);

        [LoggerMessage(4005, LogLevel.Error, "Claiming a job failed; retrying at the next poll")]
        public static partial void ClaimFailed(ILogger logger, Exception exception);
    }
}
