using Microsoft.Playwright;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.Tests.Browser;

/// <summary>Seed 000's scenarios clicked through in Chromium against the real host and a real worker.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class SpacePageTests(BrowserFixture fixture)
{
    private SpacesHost Host => fixture.Host;

    [Fact]
    public async Task SubmitAPrompt_WatchesProgress_AndSeesTheResult()
    {
        var (space, token) = await CreateSpaceAsync("Poems");
        await using var worker = TestWorker.Start(Host, token, [space.Name], Poet);
        await worker.RegisteredAsync();
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host);

        await user.GotoAsync("/spaces");
        var card = user.Page.Locator($"[data-space-id='{space.Id}']");
        await Expect(card.Locator(".badge")).ToHaveTextAsync("✓ Connected");
        await user.ScreenshotAsync("spaces-list");
        await card.Locator("a").ClickAsync();

        await Expect(user.Page.Locator(".space-status .badge")).ToHaveTextAsync("✓ Connected");
        await Expect(user.Page.Locator("[data-queue-size]")).ToHaveTextAsync("0");
        await user.Page.GetByLabel("Prompt").FillAsync("Generate a poem about cats");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        var item = user.Page.Locator(".request").First;
        await Expect(item.Locator("[data-message]")).ToContainTextAsync("Writing");
        await user.ScreenshotAsync("space-request-progress");
        await Expect(item.Locator("[data-status-text]")).ToHaveTextAsync("Completed");
        await Expect(item.Locator("[data-result-text]")).ToHaveTextAsync("A poem about: Generate a poem about cats");
        await user.ScreenshotAsync("space-request-completed");
    }

    [Fact]
    public async Task StoppingTheWorker_DisablesTheForm_AndRestartingItEnablesItAgain()
    {
        var (space, token) = await CreateSpaceAsync("Recover");
        var worker = TestWorker.Start(Host, token, [space.Name]);
        await worker.RegisteredAsync();
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host, locale: "zh-CN");
        await user.GotoAsync($"/spaces/{space.Id}");
        var badge = user.Page.Locator(".space-status .badge");
        var submit = user.Page.GetByRole(AriaRole.Button, new() { Name = "提交" });
        await Expect(badge).ToHaveTextAsync("✓ 已连接");
        await Expect(submit).ToBeEnabledAsync();

        await worker.StopAsync();
        await Expect(badge).ToHaveTextAsync("✗ 未连接", new() { Timeout = 5_000 });
        await Expect(submit).ToBeDisabledAsync();
        await user.ScreenshotAsync("space-disconnected-zh");

        await using var restarted = TestWorker.Start(Host, token, [space.Name]);
        await restarted.RegisteredAsync();
        await Expect(badge).ToHaveTextAsync("✓ 已连接", new() { Timeout = 5_000 });
        await Expect(submit).ToBeEnabledAsync();
        await user.Page.GetByLabel("提示词").FillAsync("再来一次");
        await submit.ClickAsync();
        await Expect(user.Page.Locator(".request").First.Locator("[data-status-text]")).ToHaveTextAsync("已完成");
        await worker.DisposeAsync();
    }

    [Fact]
    public async Task ThreeUsersSubmittingAtOnce_EachSeesOnlyTheirOwnResult()
    {
        var (space, token) = await CreateSpaceAsync("Shared");
        await using var worker = TestWorker.Start(Host, token, [space.Name], Poet);
        await worker.RegisteredAsync();
        var users = await Task.WhenAll(Enumerable.Range(1, 3).Select(_ => PortalSession.NewUserAsync(fixture.Browser, Host)));
        try
        {
            await Task.WhenAll(users.Select(u => u.GotoAsync($"/spaces/{space.Id}")));
            foreach (var user in users)
            {
                await Expect(user.Page.Locator(".space-status .badge")).ToHaveTextAsync("✓ Connected");
            }
            await Task.WhenAll(users.Select(async u =>
            {
                await u.Page.GetByLabel("Prompt").FillAsync($"Prompt of {u.Username}");
                await u.Page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
            }));
            foreach (var user in users)
            {
                var items = user.Page.Locator(".request");
                await Expect(items.Locator("[data-result-text]")).ToHaveTextAsync($"A poem about: Prompt of {user.Username}", new() { Timeout = 20_000 });
                await Expect(items).ToHaveCountAsync(1);
            }
            Assert.False(worker.Overlapped);
            await users[0].ScreenshotAsync("space-three-users");
        }
        finally
        {
            foreach (var user in users)
            {
                await user.DisposeAsync();
            }
        }
    }

    private async Task<(SpaceView Space, string Token)> CreateSpaceAsync(string prefix)
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName(prefix), new SpaceInputs(Prompt: true, Audio: true));
        return (space, await admin.CreateTokenAsync(space.Id));
    }

    /// <summary>Reports progress the way mock_app.py does, slowly enough for the page to show it.</summary>
    private static async Task<object?> Poet(Spaces.Worker.Sdk.WorkerJob job, CancellationToken ct)
    {
        foreach (var percent in new[] { 25, 50, 75, 100 })
        {
            await job.ReportProgressAsync(percent, $"Writing… {percent}%", ct);
            await Task.Delay(300, ct);
        }
        return new { text = $"A poem about: {job.Request.Prompt}" };
    }
}
