using System.Net;
using System.Net.Http.Json;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterOperationsTests(ClusterFixture cluster)
{
    [Fact]
    public async Task HealthReady_OnEveryWebHost_IsHealthyWhileItsSiloIsActive()
    {
        using var http = new HttpClient();
        for (var i = 0; i < ClusterFixture.WebHostCount; i++)
        {
            var ready = await http.GetAsync($"{cluster.WebHost(i).BaseUrl}/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Dashboard_UnderTheAdminArea_IsForAdminsOnly()
    {
        var baseUrl = cluster.WebHost(0).BaseUrl;
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        using var admin = await cluster.AdminOnAsync(baseUrl);
        var name = $"user{Guid.NewGuid():N}"[..20];
        var registered = await admin.Http.PostAsJsonAsync("/api/auth/register", new { username = name, password = ApiClient.NewUserPassword });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        using var user = await ApiClient.SignInAsync(baseUrl, name, ApiClient.NewUserPassword);

        var page = await admin.Http.GetAsync("/admin/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        foreach (var path in new[] { "/admin/dashboard/", "/admin/dashboard/DashboardCounters" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await user.Http.GetAsync(path)).StatusCode);
            var refused = (await anonymous.GetAsync(path)).StatusCode;
            Assert.Contains(refused, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Redirect, HttpStatusCode.Forbidden });
        }
    }
}
