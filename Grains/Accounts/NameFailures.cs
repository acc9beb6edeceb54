namespace Spaces.Grains.Accounts;

/// <summary>
/// Recent failed sign-ins for one user name from any address, which slow every sign-in of that name by a delay that
/// doubles with each failure past the free ones, up to a bound. Slowing, never refusing: a guesser spread over many
/// addresses cannot lock the real user out, only make them wait a few seconds. In memory, like
/// <see cref="AddressFailures"/>.
/// </summary>
internal sealed class NameFailures
{
    private readonly Queue<DateTimeOffset> _failures = new();

    public void Count(DateTimeOffset now, AccountOptions options)
    {
        Forget(now, options.SignInWindow);
        _failures.Enqueue(now);
        // The delay is at its bound long before this many: older ones add nothing.
        while (_failures.Count > options.MaxFailedSignInsPerUserName + 32)
        {
            _failures.Dequeue();
        }
    }

    public TimeSpan Delay(DateTimeOffset now, AccountOptions options)
    {
        Forget(now, options.SignInWindow);
        var excess = _failures.Count - options.MaxFailedSignInsPerUserName;
        if (excess <= 0)
        {
            return TimeSpan.Zero;
        }
        var doubled = options.SignInDelayStep * Math.Pow(2, Math.Min(excess - 1, 30));
        return doubled < options.MaxSignInDelay ? doubled : options.MaxSignInDelay;
    }

    private void Forget(DateTimeOffset now, TimeSpan window)
    {
        while (_failures.TryPeek(out var oldest) && now - oldest >= window)
        {
            _failures.Dequeue();
        }
    }
}
