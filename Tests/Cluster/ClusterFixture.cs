using System.Text.RegularExpressions;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Infrastructure.FakeHub;

namespace Spaces.Tests.Cluster;

/// <summary>
/// One cluster for the <see cref="ClusterCollection"/>: three web hosts (A, B, C; jobs disabled) and one headless job
/// silo, real processes on loopback with <c>Spaces:Storage=AzureStorage</c> on a private Azurite, one ServiceId and
/// ClusterId, and ports of their own; a <see cref="TcpBalancer"/> in front of the web hosts and a fake Hub to import
/// from. All started at once, as a deployment does, and all stopped at the end. Tests use names of their own, and may
/// kill job silos and start new ones, and stop or kill a web host if they start it again on its ports (ClusterFixture.Restarts.cs).
/// </summary>
public sealed partial class ClusterFixture : IAsyncLifetime
{
    public const string ServiceId = "spaces-cluster-tests";
    public const int WebHostCount = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    // On disk, so a test can stop and start it as an outage (see ClusterFixture.Outage.cs) without losing the cluster.
    private readonly AzuriteFixture _azurite = new() { OnDisk = true };
    private readonly TempFolder _data = new();
    private readonly List<ClusterNode> _nodes = [];
    private FakeHubServer? _hub;
    private TcpBalancer? _balancer;
    private int _jobSilos;

    public string ClusterId { get; } = $"cluster-{Guid.NewGuid():N}"[..24];

    public AzuriteFixture Azurite => _azurite;

    public FakeHubServer Hub => _hub ?? throw new InvalidOperationException("The cluster is not started");

    public TcpBalancer Balancer => _balancer ?? throw new InvalidOperationException("The cluster is not started");

    /// <summary>The generated password of the bootstrap admin, as the one host that created it printed it.</summary>
    public string AdminPassword { get; private set; } = "";

    public IReadOnlyList<ClusterNode> Nodes
    {
        get
        {
            lock (_nodes)
            {
                return [.. _nodes];
            }
        }
    }

    /// <summary>Web host A, B or C (0, 1, 2).</summary>
    public ClusterNode WebHost(int index) => Nodes.Where(n => n.Kind == ClusterNodeKind.WebHost).ElementAt(index);

    public IReadOnlyList<ClusterNode> LiveJobSilos => [.. Nodes.Where(n => n.Kind == ClusterNodeKind.JobSilo && n.IsAlive)];

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _hub = await FakeHubServer.StartAsync();
        // Started together, as a deployment starts them: they race to create the cluster's tables and the admin.
        var starting = Enumerable.Range(0, WebHostCount).Select(i => Start($"web-{(char)('a' + i)}", ClusterNodeKind.WebHost))
            .Append(Start(NextJobSiloName(), ClusterNodeKind.JobSilo))
            .ToList();
        await Task.WhenAll(starting.Select(n => n.WaitReadyAsync(StartTimeout)));
        var printed = Nodes.Select(n => AdminLine().Match(n.Output)).Where(m => m.Success).ToList();
        AdminPassword = printed.Count == 1
            ? printed[0].Groups[1].Value
            : throw new InvalidOperationException($"{printed.Count} hosts printed a generated admin password; exactly one should");
        _balancer = new TcpBalancer(() => [.. Nodes.Where(n => n.Kind == ClusterNodeKind.WebHost && n.IsAlive).Select(n => n.HttpPort)]);
    }

    /// <summary>Starts one more job silo and waits until it has joined.</summary>
    public async Task<ClusterNode> StartJobSiloAsync()
    {
        var node = Start(NextJobSiloName(), ClusterNodeKind.JobSilo);
        await node.WaitReadyAsync(StartTimeout);
        return node;
    }

    /// <summary>A live job silo: the one running, or a new one if every job silo was killed.</summary>
    public async Task<ClusterNode> EnsureJobSiloAsync() => LiveJobSilos.FirstOrDefault() ?? await StartJobSiloAsync();

    public Task<ApiClient> AdminOnAsync(string baseUrl) => ApiClient.SignInAsync(baseUrl, "admin", AdminPassword);

    /// <summary>The lines in which nodes said they started a job of <paramref name="datasetId"/>.</summary>
    public IReadOnlyList<ClusterNode> NodesThatStartedJobsOf(string datasetId) =>
        [.. Nodes.Where(n => n.Output.Contains($"of dataset {datasetId}", StringComparison.Ordinal))];

    public async Task DisposeAsync()
    {
        if (_balancer is not null)
        {
            await _balancer.DisposeAsync();
        }
        await Task.WhenAll(Nodes.Select(async n => await n.DisposeAsync()));
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
        await _azurite.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>Starts a node; one <paramref name="replacing"/> an exited node takes its name, ports, data and place in <see cref="Nodes"/>.</summary>
    private ClusterNode Start(string name, ClusterNodeKind kind, ClusterNode? replacing = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Spaces__Storage"] = "AzureStorage",
            ["ConnectionStrings__AzureStorage"] = _azurite.ConnectionString,
            ["Spaces__Cluster__ServiceId"] = ServiceId,
            ["Spaces__Cluster__ClusterId"] = ClusterId,
            ["Spaces__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Spaces__HuggingFace__Endpoint"] = Hub.BaseUrl.ToString(),
            // A job whose silo died is looked at again this soon (after membership declares the silo dead).
            ["Spaces__Datasets__JobCheckInterval"] = "00:00:05",
        };
        if (kind == ClusterNodeKind.WebHost)
        {
            environment["Spaces__Jobs__Enabled"] = "false";
        }
        var ports = replacing is null ? default((int, int, int)?) : (replacing.HttpPort, replacing.SiloPort, replacing.GatewayPort);
        var node = ClusterNode.Start(
            name, kind, Directory.CreateDirectory(Path.Combine(_data.Path, name)).FullName, environment, ports, replacing?.Output ?? "");
        lock (_nodes)
        {
            if (replacing is null)
            {
                _nodes.Add(node);
            }
            else
            {
                _nodes[_nodes.IndexOf(replacing)] = node;
            }
        }
        return node;
    }

    private string NextJobSiloName() => $"jobs-{Interlocked.Increment(ref _jobSilos)}";

    [GeneratedRegex(@"Created administrator 'admin' with password: (\S+)")]
    private static partial Regex AdminLine();
}

/// <summary>The tests that share the one test cluster of a run.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster";
}
