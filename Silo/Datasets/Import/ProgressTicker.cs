using Spaces.Grains.Abstractions.Datasets;
using Spaces.Silo.Jobs;

namespace Spaces.Silo.Datasets.Import;

/// <summary>
/// Byte progress arrives many times a second; this reports the latest value every few hundred milliseconds instead,
/// so a download costs a handful of grain turns, not one per network read.
/// </summary>
public sealed class ProgressTicker : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);
    private readonly JobContext _context;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private Report? _latest;

    public ProgressTicker(JobContext context)
    {
        _context = context;
        _loop = RunAsync();
    }

    public void Set(double progress, DatasetMessage message) => Interlocked.Exchange(ref _latest, new Report(progress, message));

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (Interlocked.Exchange(ref _latest, null) is { } latest)
                {
                    await _context.ReportAsync(latest.Progress, latest.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record Report(double Progress, DatasetMessage Message);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
