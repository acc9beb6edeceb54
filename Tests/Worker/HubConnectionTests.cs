using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Worker.SignalR;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Worker;

public sealed class HubConnectionTests : IAsyncLifetime
{
    private readonly EchoHubEvents _events = new();
    private TestHubServer? _server;

    private TestHubServer Server => _server ?? throw new InvalidOperationException("The server was not started.");

    public async Task InitializeAsync() => _server = await StartServerAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task HubConnection_InvokeWithResult_ReturnsServerResult()
    {
        await using var connection = await ConnectAsync();

        var echoed = await Wait.ForAsync(connection.InvokeAsync<string>("Echo", ["héllo ✓"]), "Echo result");
        var sum = await Wait.ForAsync(connection.InvokeAsync<int>("Add", [40, 2]), "Add result");

        Assert.Equal("héllo ✓", echoed);
        Assert.Equal(42, sum);
        Assert.NotNull(connection.ConnectionId);
    }

    [Fact]
    public async Task HubConnection_HubMethodThrowsHubException_SurfacesServerMessage()
    {
        await using var connection = await ConnectAsync();

        var error = await Assert.ThrowsAsync<HubInvocationException>(
            () => Wait.ForAsync(connection.InvokeAsync("Throw", ["Space not found: Nope"]), "the hub error"));

        Assert.Contains("Space not found: Nope", error.Message, StringComparison.Ordinal);
        Assert.Equal("Space not found: Nope", error.Detail);
        Assert.Equal("Throw", error.Target);
        Assert.Equal("Nope", await Wait.ForAsync(connection.InvokeAsync<string>("Echo", ["Nope"]), "a call after the error"));
    }

    [Fact]
    public async Task HubConnection_ServerSendsLargeMessage_ReassemblesFrames()
    {
        await using var connection = await ConnectAsync();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<string>("Large", (text, _) =>
        {
            received.TrySetResult(text);
            return Task.CompletedTask;
        });

        const int Length = 300 * 1024;
        await Wait.ForAsync(connection.InvokeAsync("SendLarge", [Length]), "SendLarge completion");
        var text = await Wait.ForAsync(received.Task, "the large message");

        Assert.Equal(Length + 1, text.Length);
        Assert.EndsWith("x!", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubConnection_ServerInvokesClientHandler_ReturnsHandlerResultToServer()
    {
        await using var connection = await ConnectAsync();
        connection.On<string, string>("Question", (question, _) => Task.FromResult($"answer to {question}"));

        var answer = await Wait.ForAsync(connection.InvokeAsync<string>("AskClient", ["life"]), "the client result relayed by AskClient");

        Assert.Equal("answer to life", answer);
    }

    [Fact]
    public async Task HubConnection_ServerSendsFireAndForget_HandlerRuns()
    {
        await using var connection = await ConnectAsync();
        var notified = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<string>("Notified", (text, _) =>
        {
            notified.TrySetResult(text);
            return Task.CompletedTask;
        });

        await Wait.ForAsync(connection.SendAsync("Notify", ["ping"]), "sending Notify");

        Assert.Equal("ping", await Wait.ForAsync(notified.Task, "the Notified handler"));
        Assert.Equal("still fine", await Wait.ForAsync(connection.InvokeAsync<string>("Echo", ["still fine"]), "a call after the broadcast"));
    }

    [Fact]
    public async Task HubConnection_WrongToken_ThrowsUnauthorized()
    {
        await using var connection = new HubConnection(new HubConnectionOptions { Url = HubUrl(), AccessToken = "wrong-token" });

        var error = await Assert.ThrowsAsync<HubConnectionException>(() => Wait.ForAsync(connection.StartAsync(), "the refused start"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Closed, connection.State);
    }

    [Fact]
    public async Task HubConnection_Connected_TokenOnlyInHeaders()
    {
        await using var connection = await ConnectAsync();
        await Wait.ForAsync(connection.InvokeAsync<string>("Echo", ["x"]), "Echo result");

        var queries = Server.QueriesSoFar();

        Assert.Contains(queries, q => q.Contains("negotiateVersion=1", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("id=", StringComparison.Ordinal));
        Assert.DoesNotContain(queries, q => q.Contains(TestHubServer.Token, StringComparison.Ordinal) || q.Contains("access_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HubConnection_ServerStops_ClosedFiresWithReason()
    {
        var connection = await ConnectAsync();
        await using var _ = connection;
        var closed = new TaskCompletionSource<HubConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += (_, e) => closed.TrySetResult(e);

        await Wait.ForAsync(Server.StopAsync(), "the server to stop");
        var reason = await Wait.ForAsync(closed.Task, "the Closed event after the server stopped");

        Assert.False(reason.ClosedByClient);
        Assert.Equal(HubConnectionState.Closed, connection.State);
        await Assert.ThrowsAsync<HubConnectionClosedException>(() => connection.InvokeAsync("Echo", ["late"]));
    }

    [Fact]
    public async Task HubConnection_StopAsync_ServerSeesCleanDisconnect()
    {
        var connection = await ConnectAsync();

        await Wait.ForAsync(connection.StopAsync(), "StopAsync");
        var serverError = await Wait.ForAsync(_events.Disconnected.Task, "OnDisconnectedAsync on the server");
        var reason = await Wait.ForAsync(connection.WhenClosed, "WhenClosed");

        Assert.Null(serverError);
        Assert.True(reason.ClosedByClient);
        Assert.Null(reason.Error);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task HubConnection_IdleLongerThanServerClientTimeout_StaysConnectedThroughPings()
    {
        // The server checks timeouts on a one-second timer, and this machine runs other tests at the same time:
        // a 3 s timeout with pings every 250 ms leaves room for both, and 6 s idle is well past it.
        await using var server = await StartServerAsync(options => options.ClientTimeoutInterval = TimeSpan.FromSeconds(3));
        await using var connection = new HubConnection(new HubConnectionOptions
        {
            Url = new Uri(server.BaseUrl, EchoHub.Path),
            AccessToken = TestHubServer.Token,
            KeepAliveInterval = TimeSpan.FromMilliseconds(250),
        });
        await Wait.ForAsync(connection.StartAsync(), "the connection to start");

        await Task.Delay(TimeSpan.FromSeconds(6));

        Assert.Equal(HubConnectionState.Connected, connection.State);
        Assert.Equal("alive", await Wait.ForAsync(connection.InvokeAsync<string>("Echo", ["alive"]), "Echo after idling"));
    }

    [Fact]
    public async Task HubConnection_ServerSilentPastServerTimeout_ClosesWithTimeout()
    {
        await using var server = await StartServerAsync(options => options.KeepAliveInterval = TimeSpan.FromMinutes(5));
        await using var connection = new HubConnection(new HubConnectionOptions
        {
            Url = new Uri(server.BaseUrl, EchoHub.Path),
            AccessToken = TestHubServer.Token,
            ServerTimeout = TimeSpan.FromMilliseconds(500),
        });
        await Wait.ForAsync(connection.StartAsync(), "the connection to start");

        var reason = await Wait.ForAsync(connection.WhenClosed, "the client to give up on a silent server");

        Assert.IsType<TimeoutException>(reason.Error);
    }

    private Uri HubUrl() => new(Server.BaseUrl, EchoHub.Path);

    private async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnection(new HubConnectionOptions { Url = HubUrl(), AccessToken = TestHubServer.Token });
        await Wait.ForAsync(connection.StartAsync(), "the connection to start");
        return connection;
    }

    private Task<TestHubServer> StartServerAsync(Action<HubOptions>? configureHub = null) =>
        TestHubServer.StartAsync(
            services => services.AddSingleton(_events),
            app => app.MapHub<EchoHub>(EchoHub.Path),
            configureHub: configureHub);
}
