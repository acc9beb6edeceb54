namespace Spaces.Tests.Worker;

/// <summary>Bounded waits whose failure names the phase that did not happen.</summary>
internal static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static async Task<T> For<T>(Task<T> task, string phase, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? Default).TotalSeconds} s waiting for: {phase}");
        }
    }

    public static async Task For(Task task, string phase, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? Default).TotalSeconds} s waiting for: {phase}");
        }
    }

    public static async Task<T> ForNext<T>(System.Threading.Channels.ChannelReader<T> reader, string phase, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? Default);
        try
        {
            return await reader.ReadAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? Default).TotalSeconds} s waiting for: {phase}");
        }
    }
}
