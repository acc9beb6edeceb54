using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

public sealed class AllowedOriginFixture : HostFixture
{
    public const string Portal = "https://portal.example.com";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Spaces:AllowedOrigins:0"] = Portal };
}

/// <summary>State-changing requests and hub connections from another origin are refused; scripts and workers are not.</summary>
public sealed class CrossSiteTests(AllowedOriginFixture fixture) : IClassFixture<AllowedOriginFixture>
{
    private const string Foreign = "http://127.0.0.1:1";

    private SpacesHost Host => fixture.Host;

    private static HttpRequestMessage Post(string url, HttpContent? content, string? origin = null, string? referer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (referer is not null)
        {
            request.Headers.Referrer = new Uri(referer);
        }
        return request;
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{what}: {(int)response.StatusCode} {text}");
        Assert.Equal("CrossSiteRequest", JsonSerializer.Deserialize<JsonElement>(text).GetProperty("code").GetString());
    }

    [Fact]
    public async Task EveryKindOfStateChange_FromAForeignOrigin_Is403CrossSiteRequest_AndChangesNothing()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Csrf"));
        await using var worker = TestWorker.Start(Host, await admin.CreateTokenAsync(space.Id), [space.Name], async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        await worker.RegisteredAsync();
        await admin.SubmitOkAsync(space.Id, "in flight");
        var queued = await admin.SubmitOkAsync(space.Id, "queued");
        var attackName = HostFixture.UniqueName("Attack");
        (string Url, Func<HttpContent?> Body)[] routes =
        [
            ("/login", () => Form(("username", "attacker"), ("password", "attacker-password"))),
            ("/api/auth/login", () => JsonContent.Create(new { username = "attacker", password = "attacker-password" })),
            ("/admin/space/add", () => Form(("name", attackName), ("card_type", "websockets"), ("ws_enable_prompt", "on"))),
            ($"/websockets/submit/{space.Id}", () => Form(("prompt", "forged"))),
            ($"/api/spaces/{space.Id}/requests", () => new MultipartFormDataContent { { new StringContent("forged"), "prompt" } }),
            ($"/api/requests/{queued.RequestId}/cancel", () => null),
            ("/api/spaces", () => JsonContent.Create(new { name = attackName })),
            ("/api/tokens", () => JsonContent.Create(new { name = "stolen", space_ids = new[] { space.Id } })),
            ("/api/auth/logout", () => null),
            ("/logout", () => null),
            ("/hubs/status/negotiate?negotiateVersion=1", () => null),
        ];

        foreach (var (url, body) in routes)
        {
            await AssertRefusedAsync(await admin.Http.SendAsync(Post(url, body(), origin: Foreign)), $"{url} with Origin");
            await AssertRefusedAsync(await admin.Http.SendAsync(Post(url, body(), origin: "null")), $"{url} with Origin: null");
            await AssertRefusedAsync(await admin.Http.SendAsync(Post(url, body(), referer: $"{Foreign}/page")), $"{url} with only a Referer");
        }

        Assert.Equal(RequestStatuses.Queued, (await admin.GetRequestAsync(queued.RequestId)).Status);
        Assert.Equal(1, (await admin.GetSpaceAsync(space.Id)).QueueSize);
        Assert.Empty(await ApiClient.ReadAsync<SpaceView[]>(await admin.Http.GetAsync($"/api/spaces?name={attackName}"), HttpStatusCode.OK));
        var me = await ApiClient.ReadAsync<JsonElement>(await admin.Http.GetAsync("/api/auth/me"), HttpStatusCode.OK);
        Assert.Equal("admin", me.GetProperty("username").GetString());
    }

    [Fact]
    public async Task FormRoute_FromAForeignOrigin_KeepsItsJsonShape()
    {
        using var user = await ApiClient.NewUserAsync(Host);

        var response = await user.Http.SendAsync(Post("/websockets/submit/any", Form(("prompt", "x")), origin: Foreign));

        var answer = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(answer.GetProperty("success").GetBoolean());
        Assert.Equal("CrossSiteRequest", answer.GetProperty("code").GetString());
    }

    [Fact]
    public async Task OwnOrigin_AllowedOrigin_AndScriptsWithoutOrigin_AreServed()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var own = Host.BaseUrl.TrimEnd('/');

        foreach (var origin in new[] { own, AllowedOriginFixture.Portal, null })
        {
            var created = await admin.Http.SendAsync(Post("/api/spaces", JsonContent.Create(new { name = HostFixture.UniqueName("Ok") }), origin: origin));
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"Origin {origin ?? "(none)"}: {(int)created.StatusCode}");
        }
        var referred = await admin.Http.SendAsync(Post("/api/spaces", JsonContent.Create(new { name = HostFixture.UniqueName("Ok") }), referer: $"{own}/admin/spaces"));
        var login = await ApiClient.Anonymous(Host).Http.SendAsync(
            Post("/login", Form(("username", "admin"), ("password", SpacesHost.AdminPassword)), origin: own));

        Assert.Equal(HttpStatusCode.Created, referred.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
    }

    [Fact]
    public async Task WorkerToken_FromAForeignOrigin_IsUnaffected_AForgedOneDoesNotLetTheCookieThrough()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Tok"));
        var token = await admin.CreateTokenAsync(space.Id);
        var withToken = Post("/hubs/worker/negotiate?negotiateVersion=1", null, origin: Foreign);
        withToken.Headers.Authorization = new("Bearer", token);

        var negotiated = await ApiClient.Anonymous(Host).Http.SendAsync(withToken);
        var forged = await admin.Http.SendAsync(Post("/hubs/status/negotiate?negotiateVersion=1&access_token=spw_forged", null, origin: Foreign));

        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        await AssertRefusedAsync(forged, "a forged access_token beside the cookie");
    }

    [Fact]
    public async Task StatusHubWebSocket_WithTheCookieFromAForeignOrigin_IsRefused_FromItsOwnOriginConnects()
    {
        using var user = await ApiClient.NewUserAsync(Host);
        var url = new Uri(Host.BaseUrl.Replace("http", "ws", StringComparison.Ordinal).TrimEnd('/') + "/hubs/status");

        async Task<ClientWebSocket> ConnectAsync(string origin)
        {
            var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
            socket.Options.SetRequestHeader("Cookie", user.CookieHeader);
            socket.Options.SetRequestHeader("Origin", origin);
            try
            {
                await socket.ConnectAsync(url, CancellationToken.None).WaitAsync(Wait.Default);
            }
            catch (WebSocketException)
            {
            }
            return socket;
        }

        using var foreign = await ConnectAsync(Foreign);
        using var own = await ConnectAsync(Host.BaseUrl.TrimEnd('/'));

        Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);
        Assert.NotEqual(WebSocketState.Open, foreign.State);
        Assert.Equal(WebSocketState.Open, own.State);
    }
}
