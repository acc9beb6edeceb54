using System.Text.Json;
using Microsoft.Extensions.Logging;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;

namespace Spaces.Silo.Jobs;

/// <summary>
/// The job run being worked on and the grain it reports to. Progress is rate-limited here, and only here: a step
/// (<see cref="ReportAsync"/>) goes to the grain at once, and the grain publishes every report it takes; byte and row
/// progress (<see cref="Tick"/>) arrives many times a second, so only its latest value goes, every 300 ms, and a
/// download or tokenization costs a handful of grain turns, not one per network read or row.
/// </summary>
public sealed partial class JobContext : IAsyncDisposable
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(300);
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _ticking;
    private Report? _latest;

    public JobContext(JobTicket job, IDatasetGrain dataset, ILogger logger)
    {
        (Job, Dataset, _logger) = (job, dataset, logger);
        _ticking = TickAsync();
    }

    public JobTicket Job { get; }

    public IDatasetGrain Dataset { get; }

    public T Payload<T>() => JsonSerializer.Deserialize<T>(Job.PayloadJson, SpacesJson.Options)
        ?? throw new InvalidOperationException($"Job {Job.Id} has no payload");

    /// <summary>A step of the job: reported now, and any tick not sent yet is dropped (the step comes after it).</summary>
    public async Task ReportAsync(double progress, DatasetMessage message)
    {
        await _sending.WaitAsync();
        try
        {
            Interlocked.Exchange(ref _latest, null);
            await Dataset.ReportProgressAsync(Job.Id, progress, message);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Progress within a step: kept until the next tick sends it, replaced by a later one meanwhile.</summary>
    public void Tick(double progress, DatasetMessage message) => Interlocked.Exchange(ref _latest, new Report(progress, message));

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TickInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await _sending.WaitAsync(_stop.Token);
                try
                {
                    if (Interlocked.Exchange(ref _latest, null) is { } latest)
                    {
                        await Dataset.ReportProgressAsync(Job.Id, latest.Progress, latest.Message);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A tick that did not arrive is progress shown a little later; the job goes on and the next tick tries again.
                    Log.TickFailed(_logger, Job.Id, e);
                }
                finally
                {
                    _sending.Release();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _ticking;
        _stop.Dispose();
        _sending.Dispose();
    }

    private sealed record Report(double Progress, DatasetMessage Message);

    private static partial class Log
    {
        [LoggerMessage(4010, LogLevel.Warning, "A progress report of job {JobId} failed")]
        public static partial void TickFailed(ILogger logger, string jobId, Exception exception);
    }
}
