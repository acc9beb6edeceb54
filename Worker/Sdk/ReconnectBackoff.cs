namespace Spaces.Worker.Sdk;

/// <summary>The delay before reconnect attempt N: the configured schedule, its last entry repeating, with jitter.</summary>
internal sealed class ReconnectBackoff(IReadOnlyList<TimeSpan> delays, double jitter)
{
    public TimeSpan DelayBefore(int attempt)
    {
        var baseDelay = delays[Math.Clamp(attempt - 1, 0, delays.Count - 1)];
        if (baseDelay == TimeSpan.Zero || jitter <= 0)
        {
            return baseDelay;
        }

        // Uniform in [1 - jitter, 1 + jitter]: spreads out workers that all lost the same server.
        var factor = 1 + ((Random.Shared.NextDouble() * 2) - 1) * jitter;
        return TimeSpan.FromMilliseconds(Math.Max(0, baseDelay.TotalMilliseconds * factor));
    }
}
