using Spaces.Grains.Abstractions.Datasets;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Datasets;

/// <summary>
/// Watches a dataset's job as a page polling the API would, across host restarts (a call that fails while the host is
/// down is tried again): the percentages it saw while the job ran, in order.
/// </summary>
public sealed class ProgressWatcher : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<double> _seen = [];
    private readonly Task _loop;

    private ProgressWatcher(ApiClient user, string datasetId) => _loop = WatchAsync(user, datasetId);

    public static ProgressWatcher Start(ApiClient user, string datasetId) => new(user, datasetId);

    public async Task<IReadOnlyList<double>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return _seen;
    }

    private async Task WatchAsync(ApiClient user, string datasetId)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var view = await user.GetDatasetAsync(datasetId);
                if (DatasetStatuses.IsBusy(view.Status))
                {
                    _seen.Add(view.Progress);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
            {
                // The host is down or restarting: try again.
            }
            try
            {
                await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }
}
