namespace Spaces.Grains.Accounts;

/// <summary>
/// One user's failed sign-ins per client address, and the addresses locked out of the account for a while. Kept in
/// the grain's memory, not its stored state: a write per wrong guess would hand guessers the storage's write rate,
/// and the counts matter only for minutes, so losing them (a restart) gives an address no more than its few tries
/// again. Failures older than a lockout are forgotten. Bounded: past <see cref="MaxAddresses"/> the stalest go first.
/// </summary>
internal sealed class AddressFailures
{
    internal const int MaxAddresses = 1024;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>When the address's lockout ends, or null when it may try.</summary>
    public DateTimeOffset? LockedUntil(string address, DateTimeOffset now) =>
        _entries.TryGetValue(address, out var entry) && entry.LockedUntil > now ? entry.LockedUntil : null;

    /// <summary>Counts a failure; returns true when it locks the address out (the count then starts again).</summary>
    public bool Count(string address, DateTimeOffset now, int maxFailures, TimeSpan lockout)
    {
        if (!_entries.TryGetValue(address, out var entry))
        {
            Trim(now);
            _entries[address] = entry = new Entry();
        }
        if (now - entry.LastFailure > lockout)
        {
            entry.Failures = 0;
        }
        entry.LastFailure = now;
        if (++entry.Failures < maxFailures)
        {
            return false;
        }
        entry.Failures = 0;
        entry.LockedUntil = now + lockout;
        return true;
    }

    /// <summary>The right password from this address: its count starts again.</summary>
    public void Clear(string address) => _entries.Remove(address);

    private void Trim(DateTimeOffset now)
    {
        if (_entries.Count < MaxAddresses)
        {
            return;
        }
        foreach (var stale in _entries.Where(e => e.Value.LockedUntil <= now).OrderBy(e => e.Value.LastFailure).Take(_entries.Count - MaxAddresses + 1).ToList())
        {
            _entries.Remove(stale.Key);
        }
        if (_entries.Count >= MaxAddresses)
        {
            _entries.Remove(_entries.MinBy(e => e.Value.LastFailure).Key);
        }
    }

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
