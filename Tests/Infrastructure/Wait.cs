using System.Threading.Channels;

namespace Spaces.Tests.Infrastructure;

/// <summary>Bounded waits whose failure names the phase that did not happen.</summary>
public static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    public static async Task<T> ForAsync<T>(Task<T> task, string phase, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw TimedOut(phase, timeout);
        }
    }

    public static async Task ForAsync(Task task, string phase, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw TimedOut(phase, timeout);
        }
    }

    public static async Task<T> ForNextAsync<T>(ChannelReader<T> reader, string phase, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? Default);
        try
        {
            return await reader.ReadAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw TimedOut(phase, timeout);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string phase, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw TimedOut(phase, timeout);
            }
            await Task.Delay(50);
        }
    }

    private static TimeoutException TimedOut(string phase, TimeSpan? timeout) =>
        new($"Timed out after {(timeout ?? Default).TotalSeconds:0.#} s waiting for: {phase}");
}
