namespace Spaces.Tests.Cluster;

/// <summary>
/// Web hosts that stop (SIGTERM) or die (SIGKILL) and start again on the same ports with the same data and settings,
/// as a platform replaces an instance: the next test finds A, B and C where the others expect them.
/// </summary>
public sealed partial class ClusterFixture
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The HTTP ports of the web hosts whose process runs (a host still starting refuses connections, and is skipped).</summary>
    public IReadOnlyList<int> LiveWebHostPorts => [.. Nodes.Where(n => n.Kind == ClusterNodeKind.WebHost && n.IsAlive).Select(n => n.HttpPort)];

    /// <summary>A balancer of a test's own in front of the same web hosts: every connection through it is that test's.</summary>
    public TcpBalancer NewBalancer() => new(() => LiveWebHostPorts);

    /// <summary>Web host A, B or C (0, 1, 2) by its HTTP port.</summary>
    public int WebHostIndexOf(int httpPort)
    {
        for (var i = 0; i < WebHostCount; i++)
        {
            if (WebHost(i).HttpPort == httpPort)
            {
                return i;
            }
        }
        throw new InvalidOperationException($"No web host listens on port {httpPort}");
    }

    /// <summary>Stops web host <paramref name="index"/> gracefully and starts it again on its ports; returns once it is ready.</summary>
    public async Task<ClusterNode> RestartWebHostAsync(int index)
    {
        await WebHost(index).StopAsync(StopTimeout);
        return await StartAgainAsync(index);
    }

    /// <summary>Starts web host <paramref name="index"/> again on its ports after it exited (a kill -9); returns once it is ready.</summary>
    public async Task<ClusterNode> StartAgainAsync(int index)
    {
        var old = WebHost(index);
        if (old.IsAlive)
        {
            throw new InvalidOperationException($"{old.Name} is still running: stop or kill it first");
        }
        var node = Start(old.Name, ClusterNodeKind.WebHost, replacing: old);
        await old.DisposeAsync();
        await node.WaitReadyAsync(StartTimeout);
        return node;
    }

    /// <summary>Starts again every web host that is not running, so a test that failed between a kill and its restart leaves a whole cluster.</summary>
    public async Task EnsureWebHostsAsync()
    {
        for (var i = 0; i < WebHostCount; i++)
        {
            if (!WebHost(i).IsAlive)
            {
                await StartAgainAsync(i);
            }
        }
    }
}
