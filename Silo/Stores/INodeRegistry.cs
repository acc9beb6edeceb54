namespace Spaces.Silo.Stores;

/// <summary>Node liveness and housekeeping rows.</summary>
public interface INodeRegistry
{
    /// <summary>Records that this node is alive, and marks its workers as seen.</summary>
    Task HeartbeatAsync(string nodeId, long startedAt, long now, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListLiveNodesAsync(long heartbeatAfter, CancellationToken cancellationToken);

    Task<int> TrimEventsAsync(long createdBefore, CancellationToken cancellationToken);
}
