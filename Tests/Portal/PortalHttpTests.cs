using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Portal;

/// <summary>The portal's pages over plain HTTP: access rules, language choice, sign-in errors, static files.</summary>
public sealed class PortalHttpTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Theory]
    [InlineData("/spaces")]
    [InlineData("/datasets")]
    [InlineData("/admin/spaces")]
    public async Task PagesNeedASignIn_AndSendPeopleToIt(string path)
    {
        using var anonymous = ApiClient.Anonymous(fixture.Host);
        var response = await anonymous.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/login?ReturnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AdminPages_RefuseOrdinaryUsers()
    {
        using var user = await ApiClient.NewUserAsync(fixture.Host);
        var response = await user.Http.GetAsync("/admin/spaces");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Not allowed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownSpace_IsANotFoundPage_WhileTheApiKeepsProblemDetails()
    {
        using var user = await ApiClient.NewUserAsync(fixture.Host);
        var page = await user.Http.GetAsync("/spaces/no-such-space");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Not found", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ApiClient.AssertProblemAsync(await user.Http.GetAsync("/api/spaces/no-such-space"), HttpStatusCode.NotFound, "SpaceNotFound");
    }

    [Fact]
    public async Task AcceptLanguage_PicksSimplifiedChinese_AndTheSwitchOverridesIt()
    {
        using var client = ApiClient.Anonymous(fixture.Host);
        var chinese = new HttpRequestMessage(HttpMethod.Get, "/login");
        chinese.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var page = await (await client.Http.SendAsync(chinese)).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", page, StringComparison.Ordinal);
        Assert.Contains("登录", page, StringComparison.Ordinal);

        var switched = await SwitchAsync(client, "en", "/login");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/login", switched.Headers.Location!.OriginalString);
        var again = new HttpRequestMessage(HttpMethod.Get, "/login");
        again.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var english = await (await client.Http.SendAsync(again)).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
    }

    /// <summary>Posts the layout's language switch as a browser does: with the antiforgery token of a page it was shown on.</summary>
    private static async Task<HttpResponseMessage> SwitchAsync(ApiClient client, string culture, string returnUrl)
    {
        var page = await client.Http.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(token.Success, "the page carries no antiforgery token");
        return await client.Http.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = culture,
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token.Groups[1].Value,
        }));
    }

    [Fact]
    public async Task TheSwitch_WithoutTheAntiforgeryToken_IsInvalidInput()
    {
        using var client = ApiClient.Anonymous(fixture.Host);

        var response = await client.Http.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "en" }));

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidInput");
    }

    [Fact]
    public async Task TheSwitch_NeverRedirectsOffSite()
    {
        using var client = ApiClient.Anonymous(fixture.Host);
        foreach (var target in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example" })
        {
            var response = await SwitchAsync(client, "en", target);
            Assert.Equal("/", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task AWrongPassword_ShowsTheErrorOnThePage_AndLockoutSaysSo()
    {
        using var user = await ApiClient.NewUserAsync(fixture.Host);
        var username = (await user.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/me")).GetProperty("username").GetString()!;
        using var browser = ApiClient.Anonymous(fixture.Host);
        HttpResponseMessage last = null!;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            last = await browser.Http.PostAsync("/login", Form(username, "not-the-password"));
            Assert.Equal(HttpStatusCode.Unauthorized, last.StatusCode);
            Assert.Contains("Invalid username or password", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var locked = await browser.Http.PostAsync("/login", Form(username, PasswordFor()));
        Assert.Equal((HttpStatusCode)423, locked.StatusCode);
        Assert.Contains("Too many failed sign-ins", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scripts_AreServedFromThisHost_WithVersionedUrls()
    {
        using var user = await ApiClient.NewUserAsync(fixture.Host);
        var page = await user.Http.GetStringAsync("/spaces");
        var scripts = System.Text.RegularExpressions.Regex.Matches(page, "<script[^>]* src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(scripts, s => s.StartsWith("/lib/signalr.min.js?v=", StringComparison.Ordinal));
        Assert.All(scripts, s => Assert.StartsWith("/", s, StringComparison.Ordinal));
        var signalr = await user.Http.GetAsync(scripts.First(s => s.StartsWith("/lib/", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, signalr.StatusCode);
        Assert.Equal("text/javascript", signalr.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", signalr.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("HubConnectionBuilder", await signalr.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string PasswordFor() => "password-123";

    private static FormUrlEncodedContent Form(string username, string password) =>
        new(new Dictionary<string, string> { ["username"] = username, ["password"] = password });
}
