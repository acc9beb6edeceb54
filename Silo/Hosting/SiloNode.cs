namespace Spaces.Silo.Hosting;

/// <summary>This process as a member of the cluster: a fresh id each start, so a restarted node never inherits its old connections.</summary>
public sealed class SiloNode(TimeProvider time)
{
    public string Id { get; } = $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid():N}"[..^20];

    public long StartedAt { get; } = time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Embedded storage has one node, so any worker attached through another node id is from a previous run.</summary>
    public bool IsOnlyNode { get; init; } = true;
}
