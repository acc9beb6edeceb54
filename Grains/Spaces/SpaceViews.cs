using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Grains.Spaces;

/// <summary>Space states as the contract shows them.</summary>
public static class SpaceViews
{
    public static SpaceView From(string id, SpaceState s) => new(
        id,
        s.Name,
        s.Description,
        s.Inputs,
        s.Cover,
        s.Worker is not null,
        s.Queue.Count,
        new WorkerView(s.Worker is not null, s.Worker?.Since, s.Worker?.LastSeenAt, s.Worker?.Connection.ConnectionId),
        s.Queue.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(s.Queue.Min(e => e.QueuedAtMs)) : null);
}
