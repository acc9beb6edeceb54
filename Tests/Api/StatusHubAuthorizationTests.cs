using System.Text.Json;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Spaces.Tests.Api;

/// <summary>Who may watch which channel on <c>/hubs/status</c>: a refused channel is indistinguishable from a missing one.</summary>
public sealed class StatusHubAuthorizationTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task User_SeesSpacesAndOwnRequests_NotOthersRequestsNorWorkerChannels()
    {
        var host = fixture.Host;
        using var admin = await ApiClient.AdminAsync(host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Watch"));
        await using var worker = TestWorker.Start(host, await admin.CreateTokenAsync(space.Id), [space.Name], async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        var connectionId = (await worker.RegisteredAsync())[0].ConnectionId;
        using var owner = await ApiClient.NewUserAsync(host);
        using var stranger = await ApiClient.NewUserAsync(host);
        var request = await owner.SubmitOkAsync(space.Id, "mine");
        string[] channels = [Channels.SpaceStatus(space.Id), Channels.Request(request.RequestId), $"workers/{connectionId}", "nonsense/channel"];

        var asOwner = await SubscribeAllAsync(owner, channels);
        var asStranger = await SubscribeAllAsync(stranger, channels);

        Assert.True(asOwner.GetProperty(channels[0]).GetProperty("ok").GetBoolean());
        Assert.True(asOwner.GetProperty(channels[0]).GetProperty("snapshot").GetProperty("worker_connected").GetBoolean());
        Assert.Equal("processing", asOwner.GetProperty(channels[1]).GetProperty("snapshot").GetProperty("status").GetString());
        Assert.False(asOwner.GetProperty(channels[2]).GetProperty("ok").GetBoolean());
        Assert.Contains("Unknown channel", asOwner.GetProperty(channels[3]).GetProperty("error").GetString());
        Assert.True(asStranger.GetProperty(channels[0]).GetProperty("ok").GetBoolean());
        Assert.False(asStranger.GetProperty(channels[1]).GetProperty("ok").GetBoolean());
        Assert.Contains($"Unknown channel: {channels[1]}", asStranger.GetProperty(channels[1]).GetProperty("error").GetString());
    }

    [Fact]
    public async Task WorkerToken_SeesOnlyItsOwnSpaces()
    {
        var host = fixture.Host;
        using var admin = await ApiClient.AdminAsync(host);
        var mine = await admin.CreateSpaceAsync(HostFixture.UniqueName("Mine"));
        var other = await admin.CreateSpaceAsync(HostFixture.UniqueName("Other"));
        var token = await admin.CreateTokenAsync(mine.Id);
        await using var connection = new HubConnectionBuilder()
            .WithUrl($"{host.BaseUrl}/hubs/status", HttpTransportType.WebSockets, http =>
            {
                http.SkipNegotiation = true;
                http.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await Wait.ForAsync(connection.StartAsync(), "the status hub connection");

        var allowed = await Wait.ForAsync(connection.InvokeAsync<JsonElement>("Subscribe", Channels.SpaceStatus(mine.Id), -1L), "Subscribe to its own space");
        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JsonElement>("Subscribe", Channels.SpaceStatus(other.Id), -1L));

        Assert.Equal(mine.Name, allowed.GetProperty("snapshot").GetProperty("name").GetString());
        Assert.Equal(
            $"An unexpected error occurred invoking 'Subscribe' on the server. HubException: Unknown channel: {Channels.SpaceStatus(other.Id)}",
            refused.Message);
    }

    private static async Task<JsonElement> SubscribeAllAsync(ApiClient user, string[] channels)
    {
        var stdout = await ExternalProcess.RunNodeScriptAsync(
            "status-subscribe.mjs", [user.Http.BaseAddress!.ToString().TrimEnd('/'), user.CookieHeader, .. channels], "subscriptions");
        return JsonSerializer.Deserialize<JsonElement>(stdout.Trim().Split('\n')[^1]);
    }
}
