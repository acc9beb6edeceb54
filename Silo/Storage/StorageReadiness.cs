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
/// </summary>
public sealed class StorageReadiness(IStorageProbe probe, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private StorageProbeResult? _last;
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
        }
        return result;
    }
}
