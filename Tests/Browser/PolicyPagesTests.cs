using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.Tests.Browser;

/// <summary>The portal under its Content-Security-Policy, and the space editor's warning before a duplicate name.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class PolicyPagesTests(BrowserFixture fixture)
{
    private SpacesHost Host => fixture.Host;

    [Fact]
    public async Task EveryPortalPage_UnderTheContentSecurityPolicy_RunsItsScriptsWithoutAViolation()
    {
        using var api = await ApiClient.AdminAsync(Host);
        var space = await api.CreateSpaceAsync(HostFixture.UniqueName("Csp"), new SpaceInputs(Prompt: true, Image: true));
        await using var admin = await PortalSession.AdminAsync(fixture.Browser, Host);
        var page = admin.Page;
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Enqueue($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => violations.Enqueue($"{page.Url}: script error {error}");

        foreach (var path in new[] { "/spaces", $"/spaces/{space.Id}", "/datasets", "/admin/spaces", "/admin/spaces/new", "/admin/tokens", "/admin/operations" })
        {
            await admin.GotoAsync(path);
            // Every page's module ran: the header's live state comes from live.js over the status hub.
            if (path.StartsWith("/spaces", StringComparison.Ordinal) || path == "/admin/operations")
            {
                await Expect(page.Locator("#live-state")).ToHaveTextAsync("Live");
            }
        }
        await admin.GotoAsync($"/spaces/{space.Id}");
        await Expect(page.Locator("#submit-form")).ToBeVisibleAsync();
        await page.GetByLabel("Language").SelectOptionAsync("zh-CN");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");

        Assert.True(violations.IsEmpty, string.Join('\n', violations));
    }

    [Fact]
    public async Task SpaceEditor_ANameThatExists_WarnsOnce_ThenSavesTheDuplicate()
    {
        using var api = await ApiClient.AdminAsync(Host);
        var name = HostFixture.UniqueName("Twin");
        await api.CreateSpaceAsync(name);
        await using var admin = await PortalSession.AdminAsync(fixture.Browser, Host);
        var page = admin.Page;
        await admin.GotoAsync("/admin/spaces/new");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create space" }).ClickAsync();

        var warning = page.Locator("#space-duplicate");
        await Expect(warning).ToHaveTextAsync($"A space named “{name}” already exists. Workers register by name and will find both. Select “Create space” again to save it anyway.");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/spaces/new$"));
        await admin.ScreenshotAsync("admin-space-duplicate-warning");
        Assert.Single(await SpacesNamedAsync(api, name));

        await page.GetByRole(AriaRole.Button, new() { Name = "Create space" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/admin/spaces\?saved=\w+$"));
        Assert.Equal(2, (await SpacesNamedAsync(api, name)).Length);
    }

    [Fact]
    public async Task RegisterPage_ACommonPassword_IsRefusedAndThePageSaysWhy()
    {
        var (context, page) = await PortalSession.OpenAsync(fixture.Browser);
        await using var _ = context;
        await page.GotoAsync($"{Host.BaseUrl}/register");
        await Expect(page.Locator("#password-hint")).ToHaveTextAsync("At least 8 characters; not only spaces, not your username, not a common password.");

        await page.GetByLabel("Username").FillAsync($"pw{Guid.NewGuid():N}"[..14]);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("password");
        await page.GetByLabel("Confirm password").FillAsync("password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This password is one of the most common ones; choose another");
        await Expect(page).ToHaveURLAsync(new Regex("/register$"));
    }

    private static async Task<SpaceView[]> SpacesNamedAsync(ApiClient api, string name) =>
        await ApiClient.ReadAsync<SpaceView[]>(await api.Http.GetAsync($"/api/spaces?name={Uri.EscapeDataString(name)}"), System.Net.HttpStatusCode.OK);
}
