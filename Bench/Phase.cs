namespace Spaces.Bench;

/// <summary>Bounded waits whose failure names the phase that did not finish.</summary>
public static class Phase
{
    public static async Task WaitAsync(Task task, TimeSpan timeout, string phase, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s: {phase}.");
        }
    }

    public static async Task<T> WaitAsync<T>(Task<T> task, TimeSpan timeout, string phase, CancellationToken cancellationToken)
    {
        await WaitAsync((Task)task, timeout, phase, cancellationToken);
        return await task;
    }

    /// <summary>Polls <paramref name="condition"/> every interval until it holds, or fails after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(
        Func<CancellationToken, Task<bool>> condition,
        TimeSpan interval,
        TimeSpan timeout,
        string phase,
        CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            while (!await condition(bounded.Token))
            {
                await Task.Delay(interval, bounded.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException && bounded.IsCancellationRequested
                                  && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s: {phase}.", e);
        }
    }
}
