using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.Tests.Browser;

/// <summary>The admin pages clicked through in Chromium: spaces with covers, worker tokens, and the live operations table.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class AdminPagesTests(BrowserFixture fixture)
{
    private SpacesHost Host => fixture.Host;

    [Fact]
    public async Task SpaceEditor_CreatesASpaceWithInputsAndACover_ThatUsersSee_ThenEditsAndDeletesIt()
    {
        await using var admin = await PortalSession.AdminAsync(fixture.Browser, Host);
        var page = admin.Page;
        var name = HostFixture.UniqueName("Painter");
        await admin.GotoAsync("/admin/spaces");
        await page.GetByRole(AriaRole.Link, new() { Name = "New space" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/spaces/new$"));
        await Expect(page.Locator("nav.subnav a[aria-current='page']")).ToHaveTextAsync("Spaces");

        var nameField = page.GetByLabel("Name", new() { Exact = true });
        await nameField.FillAsync(name);
        await page.GetByLabel("Description").FillAsync("Paints what you describe");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Audio file" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Image file" }).CheckAsync();
        await page.GetByLabel("Choose an image").SetInputFilesAsync(
            new FilePayload { Name = "cover.png", MimeType = "image/png", Buffer = TestImages.Png(16, 9, 36, 86, 201) });
        await Expect(page.Locator("#cover-preview img")).ToHaveJSPropertyAsync("naturalWidth", 16);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create space" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/admin/spaces\?saved=\w+$"));
        await Expect(page.Locator("#spaces-status")).ToHaveTextAsync($"The space “{name}” was saved.");
        var item = page.Locator($"[data-space-name='{name}']");
        await Expect(item).ToContainTextAsync("Inputs: Prompt, Audio file, Image file");
        await Expect(item.Locator("img.cover")).ToHaveJSPropertyAsync("naturalWidth", 16);
        await admin.ScreenshotAsync("admin-spaces");
        using var api = await ApiClient.AdminAsync(Host);
        var space = await FindSpaceAsync(api, name);
        Assert.Equal(new SpaceInputs(Prompt: true, Audio: true, Image: true), space.Inputs);
        Assert.StartsWith($"/api/spaces/{space.Id}/cover?v=", space.Cover, StringComparison.Ordinal);

        await using (var user = await PortalSession.NewUserAsync(fixture.Browser, Host))
        {
            await user.GotoAsync("/spaces");
            var cover = user.Page.Locator($"[data-space-id='{space.Id}'] img.cover");
            await Expect(cover).ToHaveAttributeAsync("src", space.Cover!);
            await Expect(cover).ToHaveJSPropertyAsync("naturalWidth", 16);
        }

        await item.GetByRole(AriaRole.Link, new() { Name = $"Edit {name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit space" })).ToBeVisibleAsync();
        await Expect(nameField).ToHaveValueAsync(name);
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Image file" })).ToBeCheckedAsync();
        await Expect(page.Locator("#cover-preview img.cover")).ToHaveAttributeAsync("src", space.Cover!);
        await nameField.FillAsync($"{name},second");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("A space name cannot contain a comma");
        await admin.ScreenshotAsync("admin-space-edit");

        await nameField.FillAsync(name);
        await page.GetByLabel("Description").FillAsync("Paints, now in colour");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Audio file" }).UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#spaces-status")).ToHaveTextAsync($"The space “{name}” was saved.");
        await Expect(item).ToContainTextAsync("Paints, now in colour");
        var edited = await api.GetSpaceAsync(space.Id);
        Assert.Equal(new SpaceInputs(Prompt: true, Image: true), edited.Inputs);
        Assert.Equal(space.Cover, edited.Cover);

        // Deleting asks first, and works from the keyboard alone.
        string? question = null;
        page.Dialog += async (_, dialog) =>
        {
            question = dialog.Message;
            await dialog.AcceptAsync();
        };
        await item.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(item).ToHaveCountAsync(0);
        await Expect(page.Locator("#spaces-status")).ToHaveTextAsync($"The space “{name}” was deleted.");
        await Expect(page.Locator("#spaces-status")).ToBeFocusedAsync();
        Assert.Contains(name, question, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync($"/api/spaces/{space.Id}")).StatusCode);
    }

    [Fact]
    public async Task WorkerToken_CreatedCopiedAndUsed_ShowsLiveInOperations_AndRevokingItDisconnectsTheWorker()
    {
        using var api = await ApiClient.AdminAsync(Host);
        var space = await api.CreateSpaceAsync(HostFixture.UniqueName("Ops"));
        await using var admin = await PortalSession.AdminAsync(fixture.Browser, Host);
        await admin.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = Host.BaseUrl });
        var page = admin.Page;
        var tokenName = HostFixture.UniqueName("gpu-box");

        await admin.GotoAsync("/admin/tokens");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(tokenName);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = space.Name }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var secretField = page.GetByLabel("Token", new() { Exact = true });
        await Expect(secretField).ToHaveValueAsync(new Regex(".{20,}"));
        await Expect(secretField).ToBeFocusedAsync();
        await Expect(page.Locator("#token-created")).ToContainTextAsync("It will not be shown again");
        var secret = await secretField.InputValueAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Copied" })).ToHaveTextAsync("Copied to the clipboard.");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(secret, copied);
        var row = page.Locator($"tr[data-token-name='{tokenName}']");
        await Expect(row).ToContainTextAsync(space.Name);
        await Expect(row.Locator("[data-last-used]")).ToHaveTextAsync("Never");
        Assert.DoesNotContain(secret, await page.Locator("#token-list").InnerHTMLAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, page.Url, StringComparison.Ordinal);
        await admin.ScreenshotAsync("admin-token-created");

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var worker = TestWorker.Start(Host, copied, [space.Name], async (job, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return new { echo = job.Request.Prompt };
        });
        await worker.RegisteredAsync();

        var operations = await admin.Context.NewPageAsync();
        await operations.GotoAsync($"{Host.BaseUrl}/admin/operations");
        var ops = operations.Locator($"tr[data-space-id='{space.Id}']");
        var queue = ops.Locator("[data-queue-size]");
        var oldest = ops.Locator("[data-refresh='oldest']");
        await Expect(ops.Locator(".badge")).ToHaveTextAsync("✓ Connected");
        await Expect(ops.Locator("[data-refresh='connected-at'] time")).ToBeVisibleAsync();
        await Expect(queue).ToHaveTextAsync("0");
        await Expect(oldest).ToHaveTextAsync("—");

        using var user = await ApiClient.NewUserAsync(Host);
        await user.SubmitOkAsync(space.Id, "first, held by the worker");
        await user.SubmitOkAsync(space.Id, "second");
        await Expect(queue).ToHaveTextAsync("1");
        await user.SubmitOkAsync(space.Id, "third");
        await Expect(queue).ToHaveTextAsync("2");
        var age = oldest.Locator("time");
        await Expect(age).ToHaveTextAsync(new Regex(@"^\d+ s$"));
        await Expect(age).Not.ToHaveTextAsync(await age.TextContentAsync() ?? "", new() { Timeout = 3_000 });
        await Screenshots.SaveAsync(operations, "admin-operations");

        release.SetResult();
        await Expect(queue).ToHaveTextAsync("0");
        await Expect(oldest).ToHaveTextAsync("—");

        await page.ReloadAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(row.Locator("[data-last-used] time")).ToBeVisibleAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = $"Revoke {tokenName}" }).ClickAsync();
        await Expect(row.Locator("[data-token-status]")).ToContainTextAsync("Revoked");
        await Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(page.Locator("#tokens-status")).ToHaveTextAsync($"The token “{tokenName}” was revoked.");
        await Expect(ops.Locator(".badge")).ToHaveTextAsync("✗ Not connected", new() { Timeout = 5_000 });
        await Expect(ops.Locator("[data-refresh='connected-at']")).ToHaveTextAsync("—");
    }

    [Fact]
    public async Task AdminPages_ForAUserWhoIsNotAnAdmin_Are403WithAPageThatSaysSo()
    {
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host);

        foreach (var path in new[] { "/admin/spaces", "/admin/spaces/new", "/admin/tokens", "/admin/operations" })
        {
            var response = await user.Page.GotoAsync(user.BaseUrl + path);
            Assert.True(response?.Status == 403, $"{path} answered {response?.Status} to a user who is not an admin");
            await Expect(user.Page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        }
        await Expect(user.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Admin" }))
            .ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AdminPages_OnAPhoneInChinese_FitTheScreen()
    {
        using var api = await ApiClient.AdminAsync(Host);
        var space = await api.CreateSpaceAsync(HostFixture.UniqueName("手机"));
        await api.Http.PostAsJsonAsync("/api/tokens", new { name = HostFixture.UniqueName("phone"), space_ids = new[] { space.Id } });
        await using var admin = await PortalSession.SignInAsync(fixture.Browser, Host.BaseUrl, "admin", SpacesHost.AdminPassword, "zh-CN", 375);

        foreach (var (path, heading) in new[] { ("/admin/spaces", "管理空间"), ("/admin/tokens", "工作端令牌"), ("/admin/operations", "运行状态") })
        {
            await admin.GotoAsync(path);
            await Expect(admin.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Expect(admin.Page.GetByRole(AriaRole.Navigation, new() { Name = "管理" })).ToBeVisibleAsync();
            var overflow = await admin.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} is {overflow} px wider than a 375 px screen");
            await admin.ScreenshotAsync($"admin-{path.Split('/')[^1]}-375-zh");
        }
        await Expect(admin.Page.Locator($"tr[data-space-id='{space.Id}'] .badge")).ToHaveTextAsync("✗ 未连接");
        await admin.GotoAsync($"/admin/spaces/{space.Id}");
        await Expect(admin.Page.GetByLabel("选择图片")).ToBeVisibleAsync();
        await admin.ScreenshotAsync("admin-space-edit-375-zh");
    }

    private static async Task<SpaceView> FindSpaceAsync(ApiClient api, string name)
    {
        var found = await api.Http.GetFromJsonAsync<SpaceView[]>($"/api/spaces?name={Uri.EscapeDataString(name)}", SpacesJson.Options);
        return Assert.Single(found ?? []);
    }
}
