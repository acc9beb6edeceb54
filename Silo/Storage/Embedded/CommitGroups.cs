using Spaces.Grains;

namespace Spaces.Silo.Storage.Embedded;

/// <summary>
/// The writer's view of <see cref="CommitGroup"/>s: how many writes of each recent group it has committed, so that a
/// batch waits only for writes still to come. A group's expected size is the largest any of its writes states. Recent
/// groups are remembered up to a bound; used by the writer loop alone.
/// </summary>
internal sealed class CommitGroups(TimeSpan wait)
{
    private const int Remembered = 4096;
    private readonly Dictionary<string, int> _committed = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public TimeSpan Wait { get; } = wait;

    /// <summary>The groups that <paramref name="batch"/> holds part of and that are not whole yet.</summary>
    public HashSet<string> Incomplete(List<SqliteWrite> batch)
    {
        var incomplete = new HashSet<string>(StringComparer.Ordinal);
        if (Wait <= TimeSpan.Zero || !batch.Exists(w => w.Group is not null))
        {
            // Most batches: no grouping, nothing to count.
            return incomplete;
        }
        foreach (var group in batch.Where(w => w.Group is not null).GroupBy(w => w.Group!.Value.Id, StringComparer.Ordinal))
        {
            var expected = group.Max(w => w.Group!.Value.Writes);
            if (group.Count() + _committed.GetValueOrDefault(group.Key) < expected)
            {
                incomplete.Add(group.Key);
            }
        }
        return incomplete;
    }

    public void Committed(List<SqliteWrite> batch)
    {
        foreach (var write in batch)
        {
            if (write.Group is not { } group)
            {
                continue;
            }
            if (_committed.TryGetValue(group.Id, out var count))
            {
                _committed[group.Id] = count + 1;
                continue;
            }
            _committed[group.Id] = 1;
            _order.Enqueue(group.Id);
            if (_order.Count > Remembered)
            {
                _committed.Remove(_order.Dequeue());
            }
        }
    }
}
