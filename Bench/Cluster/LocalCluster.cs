using System.Globalization;
using System.Net;

namespace Spaces.Bench.Cluster;

/// <summary>
/// Three web hosts as one Orleans cluster on this machine, as scripts/cluster.sh starts them: <c>Spaces:Storage=AzureStorage</c>
/// on a private Azurite, one ServiceId/ClusterId, loopback silo, gateway and HTTP ports of their own, jobs disabled. Each host
/// gets an admin session of its own (<see cref="Apis"/>); everything is stopped on dispose, hosts first.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly AzuriteProcess _azurite;
    private readonly List<HostProcess> _hosts;
    private readonly List<AdminApi> _apis = [];

    private LocalCluster(AzuriteProcess azurite, List<HostProcess> hosts) => (_azurite, _hosts) = (azurite, hosts);

    public IReadOnlyList<HostProcess> Hosts => _hosts;

    /// <summary>An admin session per host, signed in on that host.</summary>
    public IReadOnlyList<AdminApi> Apis => _apis;

    public static async Task<LocalCluster> StartAsync(string apiDll, int hostCount, CancellationToken cancellationToken)
    {
        var azurite = await AzuriteProcess.StartAsync(cancellationToken);
        var cluster = new LocalCluster(azurite, []);
        try
        {
            var password = $"bench-{Guid.NewGuid():N}";
            var clusterId = $"bench-{Guid.NewGuid():N}"[..20];
            // Started together, as a deployment starts them: they race to create the tables and the admin.
            var starting = Enumerable.Range(0, hostCount).Select(_ => HostProcess.StartAsync(apiDll, password, new Dictionary<string, string>
            {
                ["Spaces__Storage"] = "AzureStorage",
                ["ConnectionStrings__AzureStorage"] = azurite.ConnectionString,
                ["Spaces__Cluster__ServiceId"] = "spaces-bench",
                ["Spaces__Cluster__ClusterId"] = clusterId,
                ["Spaces__Cluster__AdvertisedAddress"] = "127.0.0.1",
                ["Spaces__Cluster__GatewayPort"] = HostProcess.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
                ["Spaces__Jobs__Enabled"] = "false",
            }, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                cluster._hosts.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }

            foreach (var host in cluster._hosts)
            {
                await WaitReadyAsync(host, cancellationToken);
                var api = new AdminApi(host.BaseAddress);
                cluster._apis.Add(api);
                await api.LoginAsync("admin", password, cancellationToken);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public (int Count, IReadOnlyList<string> First) Problems
    {
        get
        {
            var problems = _hosts.Select(h => h.Log.Problems).ToList();
            return (problems.Sum(p => p.Count), [.. problems.SelectMany(p => p.First).Take(10)]);
        }
    }

    public int LogLines => _hosts.Sum(h => h.Log.Lines);

    public async ValueTask DisposeAsync()
    {
        foreach (var api in _apis)
        {
            api.Dispose();
        }

        await Task.WhenAll(_hosts.Select(async h => await h.DisposeAsync()));
        await _azurite.DisposeAsync();
    }

    /// <summary>/health/ready: the host's silo is active in the membership and storage answers.</summary>
    private static async Task WaitReadyAsync(HostProcess host, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Phase.UntilAsync(
            async ct =>
            {
                try
                {
                    using var response = await http.GetAsync("health/ready", ct);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromMilliseconds(250), ReadyTimeout, $"{host.BaseAddress} ready (GET /health/ready = 200)", cancellationToken);
    }
}
