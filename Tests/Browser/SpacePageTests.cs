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

    [Fact]
    public async Task QueuedRequests_ShowTheirPosition_AndOneCanBeCancelled()
    {
        var (space, token) = await CreateSpaceAsync("Queue");
        var release = new TaskCompletionSource();
        await using var worker = TestWorker.Start(Host, token, [space.Name], async (job, ct) =>
        {
            await job.ReportProgressAsync(10, "Waiting for the test", ct);
            await release.Task.WaitAsync(ct);
            return new { text = $"Done: {job.Request.Prompt}" };
        });
        await worker.RegisteredAsync();
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host);
        await user.GotoAsync($"/spaces/{space.Id}");
        var prompt = user.Page.GetByLabel("Prompt");
        var submit = user.Page.GetByRole(AriaRole.Button, new() { Name = "Submit" });
        foreach (var text in new[] { "first", "second", "third" })
        {
            await Expect(submit).ToBeEnabledAsync();
            await prompt.FillAsync(text);
            await submit.ClickAsync();
            await Expect(user.Page.Locator(".request .prompt").First).ToHaveTextAsync(text);
        }

        var items = user.Page.Locator(".request");
        ILocator Item(string text) => items.Filter(new() { Has = user.Page.Locator(".prompt", new() { HasTextString = text }) });
        await Expect(Item("first").Locator("[data-status-text]")).ToHaveTextAsync("Processing");
        await Expect(Item("first").Locator("[data-message]")).ToHaveTextAsync("Waiting for the test");
        await Expect(Item("second").Locator("[data-position]")).ToHaveTextAsync("Position in queue: 1");
        await Expect(Item("third").Locator("[data-position]")).ToHaveTextAsync("Position in queue: 2");
        await Expect(user.Page.Locator("[data-queue-size]")).ToHaveTextAsync("2");
        await user.ScreenshotAsync("space-queue");

        await Item("third").GetByRole(AriaRole.Button, new() { Name = "Cancel request" }).ClickAsync();
        await Expect(Item("third").Locator("[data-status-text]")).ToHaveTextAsync("Cancelled");
        await Expect(user.Page.Locator("[data-queue-size]")).ToHaveTextAsync("1");

        release.SetResult();
        await Expect(Item("second").Locator("[data-result-text]")).ToHaveTextAsync("Done: second");
        await Expect(Item("first").Locator("[data-result-text]")).ToHaveTextAsync("Done: first");
        await Expect(items).ToHaveCountAsync(3);
        Assert.DoesNotContain(worker.Received, r => r.Prompt == "third");
    }

    [Fact]
    public async Task MediaResults_AreShownAsAnImageAndAnAudioPlayer()
    {
        var (space, token) = await CreateSpaceAsync("Media");
        await using var worker = TestWorker.Start(Host, token, [space.Name], async (job, ct) =>
        {
            var image = await job.UploadResultFileAsync("dot.png", "image/png", new MemoryStream(Convert.FromBase64String(OnePixelPng)), ct);
            var audio = await job.UploadResultFileAsync("beep.wav", "audio/wav", new MemoryStream(SilentWav()), ct);
            return new { text = "A dot and a beep", files = new[] { image, audio } };
        });
        await worker.RegisteredAsync();
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host);
        await user.GotoAsync($"/spaces/{space.Id}");
        await user.Page.GetByLabel("Prompt").FillAsync("Draw and sing");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        var result = user.Page.Locator(".request .result");
        await Expect(result.Locator("[data-result-text]")).ToHaveTextAsync("A dot and a beep");
        var image = result.Locator("img[alt='dot.png']");
        await Expect(image).ToBeVisibleAsync();
        // The browser fetched and decoded the picture with the user's session: it is 1×1.
        await Expect(image).ToHaveJSPropertyAsync("naturalWidth", 1);
        var audio = result.Locator("audio[aria-label='beep.wav']");
        await Expect(audio).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("/api/requests/.+/results/beep.wav$"));
        await user.ScreenshotAsync("space-media-result");
    }

    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    /// <summary>A tenth of a second of silence: 8 kHz, 8-bit mono PCM.</summary>
    private static byte[] SilentWav()
    {
        const int samples = 800;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + samples);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(8000);
        writer.Write(8000);
        writer.Write((short)1);
        writer.Write((short)8);
        writer.Write("data"u8);
        writer.Write(samples);
        writer.Write(Enumerable.Repeat((byte)128, samples).ToArray());
        writer.Flush();
        return stream.ToArray();
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
