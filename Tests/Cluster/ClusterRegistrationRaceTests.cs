using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Workers;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterRegistrationRaceTests(ClusterFixture cluster)
{
    private const int Rounds = 20;

    [Fact]
    public async Task Register_ByTwoWorkersOnTwoHostsAtOnce_ExactlyOneWinsEveryRound_AndTheSpaceNamesItsConnection()
    {
        var (hostA, hostB) = (cluster.WebHost(0), cluster.WebHost(1));
        using var admin = await cluster.AdminOnAsync(cluster.WebHost(2).BaseUrl);
        for (var round = 0; round < Rounds; round++)
        {
            var space = await admin.CreateSpaceAsync($"race-{round}-{Guid.NewGuid():N}"[..20]);
            var (tokenA, tokenB) = (await admin.CreateTokenAsync(space.Id), await admin.CreateTokenAsync(space.Id));
            await using var onA = await ConnectWorkerAsync(hostA.BaseUrl, tokenA);
            await using var onB = await ConnectWorkerAsync(hostB.BaseUrl, tokenB);

            // Both connected first, then both calls sent together: the space decides between them.
            using var start = new SemaphoreSlim(0, 2);
            var registering = new[] { onA, onB }.Select(async c =>
            {
                await start.WaitAsync();
                return await c.InvokeAsync<IReadOnlyList<WorkerRegistration>>(WorkerHubMethods.Register, new[] { space.Name });
            }).ToList();
            start.Release(2);
            await Wait.ForAsync(Task.WhenAll(registering).ContinueWith(_ => { }, TaskScheduler.Default), $"round {round}: both registrations to answer");

            var won = registering.Where(t => t.IsCompletedSuccessfully).Select(t => Assert.Single(t.Result)).ToList();
            var refused = registering.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException).ToList();
            Assert.True(won.Count == 1 && refused.Count == 1, $"round {round}: {won.Count} won, refusals: {string.Join("; ", refused.Select(e => e?.Message))}");
            var refusal = Assert.IsType<HubException>(refused[0]);
            Assert.Contains($"Space {space.Name} already has a connected worker", refusal.Message, StringComparison.Ordinal);
            var loser = registering[0].IsCompletedSuccessfully ? onB : onA;
            Assert.Equal(space.Id, won[0].SpaceId);
            // A refusal, not a fault: the losing connection stays up, and asking again gets the same answer.
            Assert.Equal(HubConnectionState.Connected, loser.State);
            var again = await Assert.ThrowsAsync<HubException>(
                () => loser.InvokeAsync<IReadOnlyList<WorkerRegistration>>(WorkerHubMethods.Register, new[] { space.Name }));
            Assert.Equal(refusal.Message, again.Message);

            var view = await admin.GetSpaceAsync(space.Id);
            Assert.True(view.Worker.Connected, $"round {round}: the space reads connected");
            Assert.Equal(won[0].ConnectionId, view.Worker.ConnectionId);
        }
    }

    private static async Task<HubConnection> ConnectWorkerAsync(string baseUrl, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{baseUrl}{WorkerHubMethods.Path}", o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            // The hub speaks snake_case JSON, as the SDK's connection reads it.
            .AddJsonProtocol(json => SpacesJson.Configure(json.PayloadSerializerOptions))
            .Build();
        await Wait.ForAsync(connection.StartAsync(), $"a worker connection to {baseUrl}");
        return connection;
    }
}
