using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>A hub connection opened with a session cookie closes when that session ends, as a request with it is refused.</summary>
public sealed class HubSessionTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    /// <summary>A real SignalR client on <c>/hubs/status</c> holding the user's cookie, as a browser tab does; closed is armed before it starts.</summary>
    private async Task<(HubConnection Connection, Task Closed)> ConnectAsync(ApiClient user, HttpTransportType transport)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{fixture.Host.BaseUrl}/hubs/status", transport, http =>
            {
                http.SkipNegotiation = transport == HttpTransportType.WebSockets;
                http.Headers["Cookie"] = user.CookieHeader;
            })
            .Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await Wait.ForAsync(connection.StartAsync(), "the status hub connection with a cookie");
        return (connection, closed.Task);
    }

    private static Task SubscribeAsync(HubConnection connection, string spaceId) =>
        Wait.ForAsync(connection.InvokeAsync<System.Text.Json.JsonElement>("Subscribe", Channels.SpaceStatus(spaceId), -1L), "Subscribe to a space");

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    public async Task Logout_ClosesTheHubConnectionsThatSessionOpened_NotAnotherSessions(HttpTransportType transport)
    {
        using var admin = await ApiClient.AdminAsync(fixture.Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("HubSession"));
        var name = $"hub{Guid.NewGuid():N}"[..20];
        using var leaving = await ApiClient.NewUserAsync(fixture.Host, name);
        using var staying = await ApiClient.SignInAsync(fixture.Host.BaseUrl, name, ApiClient.NewUserPassword);
        var (mine, mineClosed) = await ConnectAsync(leaving, transport);
        var (other, otherClosed) = await ConnectAsync(staying, transport);
        await using var _ = mine;
        await using var __ = other;
        await SubscribeAsync(mine, space.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await leaving.Http.PostAsync("/api/auth/logout", null)).StatusCode);

        await Wait.ForAsync(mineClosed, "the signed-out session's hub connection to close");
        Assert.False(otherClosed.IsCompleted, "another session's connection closed too");
        await SubscribeAsync(other, space.Id);
    }

    [Fact]
    public async Task PasswordChange_ClosesTheOtherSessionsHubConnections_KeepsThisOnes()
    {
        using var admin = await ApiClient.AdminAsync(fixture.Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("HubPassword"));
        var name = $"hub{Guid.NewGuid():N}"[..20];
        using var changing = await ApiClient.NewUserAsync(fixture.Host, name);
        using var stolen = await ApiClient.SignInAsync(fixture.Host.BaseUrl, name, ApiClient.NewUserPassword);
        var (mine, mineClosed) = await ConnectAsync(changing, HttpTransportType.WebSockets);
        var (theirs, theirsClosed) = await ConnectAsync(stolen, HttpTransportType.WebSockets);
        await using var _ = mine;
        await using var __ = theirs;

        var changed = await changing.Http.PostAsJsonAsync("/api/auth/password", new { current_password = ApiClient.NewUserPassword, new_password = "a-new-password-42" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        await Wait.ForAsync(theirsClosed, "the other session's hub connection to close after the password change");
        Assert.False(mineClosed.IsCompleted, "the changing session's own connection closed");
        await SubscribeAsync(mine, space.Id);
    }

    [Fact]
    public async Task SessionEndedOnAnotherHost_TheNextHubCallIsRefused_AndTheConnectionCloses()
    {
        using var admin = await ApiClient.AdminAsync(fixture.Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("HubElsewhere"));
        using var user = await ApiClient.NewUserAsync(fixture.Host);
        var userId = (await user.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/me")).GetProperty("id").GetString()!;
        var (connection, closed) = await ConnectAsync(user, HttpTransportType.WebSockets);
        await using var _ = connection;
        await SubscribeAsync(connection, space.Id);

        // As a sign-out on another host does: the session ends in the user's grain, and no local connection list hears of it.
        await fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(userId).EndAllSessionsAsync();
        var refused = await Record.ExceptionAsync(() => Wait.ForAsync(
            connection.InvokeAsync<System.Text.Json.JsonElement>("Subscribe", Channels.SpaceStatus(space.Id), -1L), "the call of a session ended elsewhere"));

        // The refusal races the close it triggers: the client sees either the refusal or its call cut off by the close.
        Assert.True(refused is Microsoft.AspNetCore.SignalR.HubException { Message: var m } && m.Contains("Your session has ended", StringComparison.Ordinal) || refused is TaskCanceledException,
            $"the call was not refused: {refused}");
        await Wait.ForAsync(closed, "the connection of a session ended elsewhere to close");
    }
}
