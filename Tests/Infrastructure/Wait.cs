namespace Spaces.Tests.Infrastructure;

/// <summary>Bounded waits whose failure names the phase that did not happen.</summary>
public static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    public static async Task<T> ForAsync<T>(Task<T> task, string phase, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Default;
        if (await Task.WhenAny(task, Task.Delay(limit)) != task)
        {
            throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for: {phase}");
        }
        return await task;
    }

    public static async Task ForAsync(Task task, string phase, TimeSpan? timeout = null) =>
        await ForAsync(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), phase, timeout);

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string phase, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Default;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for: {phase}");
            }
            await Task.Delay(50);
        }
    }
}
