using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Browser;

/// <summary>
/// An attacker's page, served by a second Kestrel on another loopback port (same site, another origin), tries every
/// cross-site form post, no-cors fetch and a status-hub WebSocket while the victim's browser holds an admin session.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class CrossSitePagesTests(BrowserFixture fixture)
{
    private SpacesHost Host => fixture.Host;

    private sealed record FormAttack(string Id, string Action, string Enctype, params (string Name, string Value)[] Fields);

    [Fact]
    public async Task AttackerPageOnAnotherOrigin_EveryFormPostFetchAndStatusSocket_IsRefused()
    {
        using var api = await ApiClient.AdminAsync(Host);
        var space = await api.CreateSpaceAsync(HostFixture.UniqueName("Victim"));
        await using var worker = TestWorker.Start(Host, await api.CreateTokenAsync(space.Id), [space.Name], async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        await worker.RegisteredAsync();
        await api.SubmitOkAsync(space.Id, "in flight");
        var queued = await api.SubmitOkAsync(space.Id, "queued");
        var attacker = $"att{Guid.NewGuid():N}"[..14];
        using (await ApiClient.NewUserAsync(Host, attacker))
        {
        }
        var attackName = HostFixture.UniqueName("Planted");
        FormAttack[] forms =
        [
            new("login", "/login", "application/x-www-form-urlencoded", ("username", attacker), ("password", ApiClient.NewUserPassword)),
            new("add", "/admin/space/add", "application/x-www-form-urlencoded", ("name", attackName), ("card_type", "websockets"), ("ws_enable_prompt", "on")),
            new("submit", $"/websockets/submit/{space.Id}", "multipart/form-data", ("prompt", "forged")),
            new("api-submit", $"/api/spaces/{space.Id}/requests", "multipart/form-data", ("prompt", "forged")),
            new("cancel", $"/api/requests/{queued.RequestId}/cancel", "application/x-www-form-urlencoded"),
            new("logout", "/logout", "application/x-www-form-urlencoded"),
            new("api-logout", "/api/auth/logout", "text/plain"),
        ];
        await using var evil = await AttackerSiteAsync(forms);
        await using var victim = await PortalSession.AdminAsync(fixture.Browser, Host);
        var page = victim.Page;

        foreach (var form in forms)
        {
            await page.GotoAsync(evil.Url);
            var response = await page.RunAndWaitForResponseAsync(
                () => page.EvaluateAsync($"document.getElementById('{form.Id}').submit()"), r => r.Url.StartsWith(Host.BaseUrl + form.Action, StringComparison.Ordinal));
            await page.WaitForLoadStateAsync(LoadState.Load);
            // The refusal is the document now shown; its text is the problem's JSON.
            AssertRefused(response.Status, await page.Locator("body").InnerTextAsync(), $"form {form.Id}");
        }
        await page.GotoAsync(evil.Url);
        foreach (var (path, body) in new[] { ("/api/spaces", $"{{\"name\":\"{attackName}\"}}"), ("/api/tokens", "{}"), ("/hubs/status/negotiate?negotiateVersion=1", "") })
        {
            var response = await page.RunAndWaitForResponseAsync(
                () => page.EvaluateAsync("([url, body]) => { fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', body }); }", new[] { Host.BaseUrl + path, body }),
                r => r.Url.StartsWith(Host.BaseUrl + path, StringComparison.Ordinal));
            // An opaque (no-cors) response has no body to read; the signed-in admin may do all three, so 403 is the refusal.
            Assert.True(response.Status == 403, $"fetch {path}: {response.Status}");
        }
        var socketFromEvil = await OpenStatusSocketAsync(page);
        await victim.GotoAsync("/spaces");
        var socketFromPortal = await OpenStatusSocketAsync(page);
        var me = await page.EvaluateAsync<JsonElement>("async () => (await fetch('/api/auth/me')).json()");

        Assert.Equal("error", socketFromEvil);
        Assert.Equal("open", socketFromPortal);
        Assert.Equal("admin", me.GetProperty("username").GetString());
        Assert.Equal(RequestStatuses.Queued, (await api.GetRequestAsync(queued.RequestId)).Status);
        Assert.Equal(1, (await api.GetSpaceAsync(space.Id)).QueueSize);
        Assert.Empty(await ApiClient.ReadAsync<SpaceView[]>(await api.Http.GetAsync($"/api/spaces?name={attackName}"), HttpStatusCode.OK));
    }

    private static void AssertRefused(int status, string body, string what) =>
        Assert.True(status == 403 && body.Contains("\"code\":\"CrossSiteRequest\"", StringComparison.Ordinal), $"{what}: {status} {body}");

    /// <summary>Opens a WebSocket to the status hub from the page's origin: "open" or "error".</summary>
    private Task<string> OpenStatusSocketAsync(IPage page) => page.EvaluateAsync<string>("""
        url => new Promise(resolve => {
          const socket = new WebSocket(url);
          socket.onopen = () => { socket.close(); resolve('open'); };
          socket.onerror = () => resolve('error');
          setTimeout(() => resolve('no answer in 10 s'), 10000);
        })
        """, Host.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/hubs/status");

    private async Task<AttackerSite> AttackerSiteAsync(IEnumerable<FormAttack> forms)
    {
        var html = "<!DOCTYPE html><html><body><h1>Win a prize</h1>" + string.Concat(forms.Select(f =>
            $"<form id=\"{f.Id}\" method=\"post\" enctype=\"{f.Enctype}\" action=\"{Host.BaseUrl}{f.Action}\">"
            + string.Concat(f.Fields.Select(x => $"<input type=\"hidden\" name=\"{x.Name}\" value=\"{WebUtility.HtmlEncode(x.Value)}\">"))
            + "</form>")) + "</body></html>";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(html, "text/html"));
        await app.StartAsync();
        return new AttackerSite(app);
    }

    private sealed class AttackerSite(WebApplication app) : IAsyncDisposable
    {
        public string Url => app.Urls.First() + "/";

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
