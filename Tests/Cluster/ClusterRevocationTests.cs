using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Spaces.Api.Auth;
using Spaces.Grains.Abstractions.Workers;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterRevocationTests(ClusterFixture cluster)
{
    [Fact]
    public async Task RevokingAToken_OnHostC_ClosesItsWorkerConnectionOnHostA_WithinFiveSeconds()
    {
        var hostA = cluster.WebHost(0);
        using var adminOnA = await cluster.AdminOnAsync(hostA.BaseUrl);
        var space = await adminOnA.CreateSpaceAsync($"revoke-{Guid.NewGuid():N}"[..20]);
        var revoked = await adminOnA.CreateTokenAsync(space.Id);
        var kept = await adminOnA.CreateTokenAsync(space.Id);
        Assert.True(WorkerTokens.TryParse(revoked, out var revokedId, out _));
        await using var doomed = await ConnectWorkerAsync(hostA.BaseUrl, revoked);
        await using var survivor = await ConnectWorkerAsync(hostA.BaseUrl, kept);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        doomed.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        using var adminOnC = await cluster.AdminOnAsync(cluster.WebHost(2).BaseUrl);

        var clock = Stopwatch.StartNew();
        var deleted = await adminOnC.Http.DeleteAsync($"/api/tokens/{revokedId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Wait.ForAsync(closed.Task, "host A to close the revoked token's connection", TimeSpan.FromSeconds(5));
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"closed after {clock.Elapsed}");
        Assert.Equal(HubConnectionState.Connected, survivor.State);
        // And the token is refused on every host from now on.
        var again = Assert.ThrowsAnyAsync<Exception>(() => ConnectWorkerAsync(cluster.WebHost(1).BaseUrl, revoked));
        Assert.Contains("401", (await again).Message, StringComparison.Ordinal);
    }

    /// <summary>A worker's hub connection, authenticated and not registered for any space.</summary>
    private static async Task<HubConnection> ConnectWorkerAsync(string baseUrl, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{baseUrl}{WorkerHubMethods.Path}", o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        try
        {
            await Wait.ForAsync(connection.StartAsync(), $"a worker connection to {baseUrl}");
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return connection;
    }
}
