using Microsoft.Extensions.Logging;

namespace Spaces.Silo.Storage;

/// <summary>The last outcome of <see cref="IStorageProbe"/>: null when storage answered, else why not.</summary>
public sealed record StorageProbeResult(DateTimeOffset At, Exception? Failure)
{
    public bool Healthy => Failure is null;
}

/// <summary>
/// Whether storage answers, as of a probe at most <see cref="MaxAge"/> old: load balancers poll readiness every few
/// seconds per host, and each poll must not be a storage round trip. One probe runs at a time; callers meanwhile share
/// it. A probe that does not answer within <see cref="ProbeTimeout"/> counts as failed, so readiness never hangs.
/// Only a change is logged (storage stops answering, with why; answers again, with how long it was out): a load
/// balancer's polls during an outage would otherwise log the same exception every few seconds per host.
/// </summary>
public sealed partial class StorageReadiness(IStorageProbe probe, TimeProvider time, ILogger<StorageReadiness> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private StorageProbeResult? _last;
    private DateTimeOffset? _outSince;
    private Task<StorageProbeResult>? _running;

    public string Describe => probe.Describe;

    public Task<StorageProbeResult> CheckAsync()
    {
        lock (_lock)
        {
            if (_last is { } last && time.GetUtcNow() - last.At < MaxAge)
            {
                return Task.FromResult(last);
            }
            if (_running is { } running)
            {
                return running;
            }
            var probing = ProbeOnceAsync();
            // A probe that finished synchronously has already stored its result (the lock is reentrant).
            if (!probing.IsCompleted)
            {
                _running = probing;
            }
            return probing;
        }
    }

    private async Task<StorageProbeResult> ProbeOnceAsync()
    {
        StorageProbeResult result;
        using var timeout = new CancellationTokenSource(ProbeTimeout, time);
        try
        {
            await probe.ProbeAsync(timeout.Token).ConfigureAwait(false);
            result = new StorageProbeResult(time.GetUtcNow(), null);
        }
        catch (Exception e)
        {
            result = new StorageProbeResult(time.GetUtcNow(), e);
        }
        lock (_lock)
        {
            (_last, _running) = (result, null);
            LogChange(result);
        }
        return result;
    }

    private void LogChange(StorageProbeResult result)
    {
        if (result.Failure is { } failure && _outSince is null)
        {
            _outSince = result.At;
            Log.StoppedAnswering(logger, probe.Describe, failure);
        }
        else if (result.Healthy && _outSince is { } since)
        {
            _outSince = null;
            Log.AnswersAgain(logger, probe.Describe, (result.At - since).TotalSeconds);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6001, LogLevel.Warning, "Storage does not answer ({Storage}); /health/ready says unready until it does")]
        public static partial void StoppedAnswering(ILogger logger, string storage, Exception exception);

        [LoggerMessage(6002, LogLevel.Information, "Storage answers again ({Storage}) after {Seconds:F0} s out")]
        public static partial void AnswersAgain(ILogger logger, string storage, double seconds);
    }
}
