using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Spaces.Silo.Storage.Azure;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterFormationTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Hosts_StartedTogether_JoinOneClusterAtTheirConfiguredAddressAndPorts()
    {
        var tables = AzureStorageAccount.Parse(cluster.Azurite.ConnectionString).CreateTableServiceClient();
        var rows = new List<TableEntity>();
        await foreach (var row in tables.GetTableClient("OrleansSiloInstances").QueryAsync<TableEntity>(e => e.PartitionKey == cluster.ClusterId))
        {
            rows.Add(row);
        }
        var active = rows.Where(r => r.GetString("Status") == "Active")
            .Select(r => (Address: r.GetString("Address"), Port: int.Parse(r.GetString("Port")), Gateway: int.Parse(r.GetString("ProxyPort"))))
            .ToHashSet();

        // Every process that is alive is one active silo of the ClusterId, advertised at 127.0.0.1 on its own ports.
        foreach (var node in cluster.Nodes.Where(n => n.IsAlive))
        {
            Assert.Contains(("127.0.0.1", node.SiloPort, node.GatewayPort), active);
        }
        Assert.Equal(cluster.Nodes.Count(n => n.IsAlive), active.Count);
    }

    [Fact]
    public async Task Hosts_StartedTogether_ShareGrainStateUnderTheirServiceId()
    {
        using var onA = await cluster.AdminOnAsync(cluster.WebHost(0).BaseUrl);
        var name = $"user{Guid.NewGuid():N}"[..20];
        var registered = await onA.Http.PostAsJsonAsync("/api/auth/register", new { username = name, password = ApiClient.NewUserPassword });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        // Registered through A, signed in through C: one user store for the cluster.
        using var onC = await ApiClient.SignInAsync(cluster.WebHost(2).BaseUrl, name, ApiClient.NewUserPassword);
        var tables = AzureStorageAccount.Parse(cluster.Azurite.ConnectionString).CreateTableServiceClient();
        var keys = new List<string>();
        await foreach (var row in tables.GetTableClient("OrleansGrainState").QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            keys.Add(row.PartitionKey);
        }
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.StartsWith($"{ClusterFixture.ServiceId}_", k, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hosts_StartedTogether_CreateTheBootstrapAdminOnce()
    {
        var printed = cluster.Nodes.Where(n => n.Output.Contains("Created administrator 'admin'", StringComparison.Ordinal)).ToList();

        Assert.Single(printed);
        // The one printed password is the admin's on every host.
        for (var i = 0; i < ClusterFixture.WebHostCount; i++)
        {
            using var admin = await cluster.AdminOnAsync(cluster.WebHost(i).BaseUrl);
            var me = await admin.Http.GetFromJsonAsync<JsonElement>("/api/auth/me");
            Assert.True(me.GetProperty("is_admin").GetBoolean());
        }
    }

    [Fact]
    public async Task Balancer_SpreadsConnectionsOverTheWebHosts_AndASessionHoldsOnAnyOfThem()
    {
        using var admin = await cluster.AdminOnAsync(cluster.Balancer.BaseUrl);
        var before = Routed();
        for (var i = 0; i < 6; i++)
        {
            // A client of its own each time, so each request is a new connection the balancer places.
            using var http = new HttpClient { BaseAddress = new Uri(cluster.Balancer.BaseUrl) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            request.Headers.Add("Cookie", admin.CookieHeader);
            var me = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        var hosts = Routed().Skip(before.Count).Distinct().ToHashSet();
        Assert.Equal(Enumerable.Range(0, ClusterFixture.WebHostCount).Select(i => cluster.WebHost(i).HttpPort).ToHashSet(), hosts);

        List<int> Routed()
        {
            lock (cluster.Balancer.Routed)
            {
                return [.. cluster.Balancer.Routed];
            }
        }
    }
}
