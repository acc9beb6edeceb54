using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Spaces.Api.Portal.Text;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.Tests.Browser;

/// <summary>Seed 004's dataset pages clicked through in Chromium against the real host and a fake Hub.</summary>
[Collection(DatasetPagesFixture.Collection)]
public sealed partial class DatasetPagesTests(DatasetPagesFixture fixture, ITestOutputHelper output)
{
    private static readonly LocatorAssertionsToHaveTextOptions UntilReady = new() { Timeout = 60_000 };

    private SpacesHost Host => fixture.Host;

    [Fact]
    public async Task Import_ThroughTheForm_ProgressesToReadyWithSamplesAndSize()
    {
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host);
        using var api = await ApiFor(user);
        await ImportAsync(api, DatasetPagesFixture.Small, "train", until: DatasetStatuses.Ready);
        await ImportAsync(api, "nobody/missing-dataset", "train", until: DatasetStatuses.Error);
        var page = user.Page;
        await user.GotoAsync("/datasets");
        await Expect(page.Locator(".dataset-card")).ToHaveCountAsync(2);
        var recorder = await ProgressRecorder.StartAsync(page, "#datasets");

        await page.GetByLabel("Dataset repository").FillAsync(DatasetPagesFixture.Stories);
        await Expect(page.GetByLabel("Split")).ToHaveValueAsync("train");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        var card = page.Locator(".dataset-card", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = DatasetPagesFixture.Stories }) });
        var badge = card.Locator("[data-status-text]");
        await Expect(badge).ToHaveTextAsync("Downloading");
        await Expect(badge).ToHaveClassAsync(BadgeClass("downloading"));
        await Expect(card.Locator("progress")).ToBeVisibleAsync();
        await Expect(card.Locator("[data-progress-text]")).ToHaveTextAsync(PercentAbove(12));
        await Expect(card.Locator("[data-message]")).ToContainTextAsync("Downloading from HuggingFace Hub...");
        await user.ScreenshotAsync("dataset-importing");

        await Expect(badge).ToHaveTextAsync("Ready", UntilReady);
        await Expect(badge).ToHaveClassAsync(BadgeClass("ready"));
        await Expect(card.Locator("progress")).ToHaveCountAsync(0);
        await Expect(card.Locator("[data-samples]")).ToHaveTextAsync("3,000");
        await Expect(card.Locator("[data-size]")).ToHaveTextAsync(Kilobytes(DatasetPagesFixture.StoriesFile.Length));
        var id = await card.GetAttributeAsync("data-dataset-id") ?? throw new InvalidOperationException("The card has no dataset id");
        var percents = await recorder.PercentsAsync(id, DatasetStatuses.Downloading);
        Assert.True(percents.Where(p => p is > 0 and < 100).Distinct().Count() >= 3, $"the bar should move; it showed {string.Join(", ", percents)}");
        Assert.Equal(percents.Order(), percents);

        var failed = page.Locator(".dataset-card", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "nobody/missing-dataset" }) });
        await Expect(failed.Locator("[data-status-text]")).ToHaveClassAsync(BadgeClass("error"));
        await Expect(failed.GetByRole(AriaRole.Alert)).ToContainTextAsync("Download failed");
        await Expect(page.Locator(".dataset-card")).ToHaveCountAsync(3);
        await user.ScreenshotAsync("datasets-list");

        var failedId = await failed.GetAttributeAsync("data-dataset-id");
        await failed.GetByRole(AriaRole.Button, new() { Name = "Import nobody/missing-dataset again" }).ClickAsync();
        await Expect(page.Locator($"#dataset-{failedId}")).ToHaveCountAsync(0);
        await Expect(failed).ToHaveCountAsync(1);
        Assert.NotEqual(failedId, await failed.GetAttributeAsync("data-dataset-id"));
        await Expect(failed.GetByRole(AriaRole.Alert)).ToContainTextAsync("Download failed", new() { Timeout = 30_000 });
        await ApiClient.AssertProblemAsync(await api.Http.GetAsync($"/api/datasets/{failedId}"), HttpStatusCode.NotFound, "DatasetNotFound");
    }

    [Fact]
    public async Task DatasetPage_TabsAndArrowKeys_ShowTheOverviewAndPagedSamples()
    {
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host);
        using var api = await ApiFor(user);
        var id = await ImportAsync(api, DatasetPagesFixture.Small, "train[:100]", until: DatasetStatuses.Ready);
        var page = user.Page;
        await user.GotoAsync($"/datasets/{id}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(DatasetPagesFixture.Small);
        var overview = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Overview" });
        await Expect(overview.Locator("[data-samples]")).ToHaveTextAsync("100");
        await Expect(overview.Locator("[data-files] tbody tr td")).ToHaveTextAsync(
            ["train.jsonl", "jsonl", Kilobytes(DatasetPagesFixture.SmallFile.Length), "100"]);
        await user.ScreenshotAsync("dataset-overview");

        var overviewTab = page.GetByRole(AriaRole.Tab, new() { Name = "Overview" });
        await overviewTab.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        var samplesTab = page.GetByRole(AriaRole.Tab, new() { Name = "Samples" });
        await Expect(samplesTab).ToBeFocusedAsync();
        await Expect(samplesTab).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(overview).ToBeHiddenAsync();
        var samples = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Samples" });
        await Expect(samples.Locator("tbody tr")).ToHaveCountAsync(10);
        await Expect(samples.Locator("tbody tr").First.Locator("td").First).ToHaveTextAsync(DatasetPagesFixture.DatasetStory(0));
        await Expect(samples.Locator("[data-samples-status]")).ToHaveTextAsync("Rows 1–10 of 100");
        await samples.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(samples.Locator("[data-samples-status]")).ToHaveTextAsync("Rows 11–20 of 100");
        await Expect(samples.Locator("tbody tr").First.Locator("td").First).ToHaveTextAsync(DatasetPagesFixture.DatasetStory(10));
        await Expect(samples.GetByRole(AriaRole.Button, new() { Name = "Previous" })).ToBeEnabledAsync();
        await user.ScreenshotAsync("dataset-samples");

        await samplesTab.FocusAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Statistics" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByRole(AriaRole.Tabpanel, new() { Name = "Statistics" })).ToContainTextAsync("once the dataset has been tokenized");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(overviewTab).ToBeFocusedAsync();
        await Expect(page.Locator("[role=tab][tabindex='0']")).ToHaveCountAsync(1);

        await user.GotoAsync($"/datasets/{id}#samples");
        await Expect(samplesTab).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(samples.Locator("tbody tr")).ToHaveCountAsync(10);
    }

    [Fact]
    public async Task Tokenize_FromTheTokenizationTab_ShowsProgressThenTheBannerAndStatistics()
    {
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host);
        using var api = await ApiFor(user);
        var id = await ImportAsync(api, DatasetPagesFixture.Long, "train", until: DatasetStatuses.Ready);
        var page = user.Page;
        await user.GotoAsync($"/datasets/{id}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Tokenization" }).ClickAsync();
        var panel = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Tokenization" });
        await Expect(panel.GetByLabel("Tokenizer")).ToHaveValueAsync("gpt2");
        await Expect(panel.GetByLabel("Max length (tokens)")).ToHaveValueAsync("512");
        await Expect(panel.GetByLabel("Stride (tokens of overlap)")).ToHaveValueAsync("0");
        await Expect(page.Locator("#live-state")).ToHaveTextAsync("Live");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        var recorder = await ProgressRecorder.StartAsync(page, "#dataset");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Start Tokenization" }).ClickAsync();

        await Expect(page.Locator("[data-region=summary] [data-status-text]")).ToHaveTextAsync("Tokenizing");
        await page.WaitForFunctionAsync(
            "() => /^Tokenizing\\.\\.\\. [\\d,]+\\/40,000 samples$/.test(document.querySelector('#panel-tokenization [data-message]')?.textContent ?? '')",
            null, new() { PollingInterval = 20, Timeout = 30_000 });
        await user.ScreenshotAsync("dataset-tokenizing");

        var banner = panel.Locator("[data-tokenized]");
        await Expect(banner).ToContainTextAsync("Dataset Already Tokenized", new() { Timeout = 60_000 });
        await Expect(banner).ToContainTextAsync("Tokenized with gpt2, max length 512, stride 0");
        await Expect(page.Locator("[data-region=summary] [data-status-text]")).ToHaveClassAsync(BadgeClass("ready"));
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Start Tokenization" })).ToBeEnabledAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page should refresh its parts, not reload");
        var percents = await recorder.PercentsAsync(id, DatasetStatuses.Tokenizing);
        Assert.Equal(percents.Order(), percents);
        Assert.Contains(percents, p => p is > 40 and < 75);
        await user.ScreenshotAsync("dataset-tokenized");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Statistics" }).ClickAsync();
        var statistics = (await api.Http.GetFromJsonAsync<DatasetView>($"/api/datasets/{id}", SpacesJson.Options))!
            .Tokenization!.Statistics!.Value;
        var stats = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Statistics" });
        await Expect(stats.Locator("[data-stat=num_samples]")).ToHaveTextAsync("40,000");
        await Expect(stats.Locator("[data-stat=total_tokens]")).ToHaveTextAsync(statistics.GetProperty("total_tokens").GetInt64().ToString("N0", English));
        await Expect(stats.Locator("[data-stat=max_length]")).ToHaveTextAsync($"{statistics.GetProperty("max_length").GetInt32():N0} tokens");
        var bins = statistics.GetProperty("length_histogram").EnumerateArray().ToList();
        var histogram = stats.GetByRole(AriaRole.Table, new() { Name = "Sample length distribution" });
        await Expect(histogram.Locator("tbody tr")).ToHaveCountAsync(bins.Count);
        await Expect(histogram.Locator("tbody tr").First.Locator("th")).ToHaveTextAsync(
            $"{bins[0].GetProperty("start").GetInt32()}–{bins[0].GetProperty("end").GetInt32()}");
        await Expect(histogram.Locator("tbody tr").First.Locator(".count")).ToHaveTextAsync(bins[0].GetProperty("count").GetInt64().ToString("N0", English));
        Assert.True(await histogram.Locator(".bar").First.EvaluateAsync<double>("bar => bar.getBoundingClientRect().width") > 0);
        await user.ScreenshotAsync("dataset-statistics");
    }

    [Fact]
    public async Task Tokenize_InvalidTokenizer_ShowsARedErrorThatStaysAfterAReloadUntilTheUserActs()
    {
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host);
        using var api = await ApiFor(user);
        var id = await ImportAsync(api, DatasetPagesFixture.Small, "train[:20]", until: DatasetStatuses.Ready);
        var page = user.Page;
        await user.GotoAsync($"/datasets/{id}#tokenization");
        var panel = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Tokenization" });
        await panel.GetByLabel("Tokenizer").FillAsync("invalid-tokenizer-12345");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Start Tokenization" }).ClickAsync();

        var alert = page.Locator("[data-region=summary]").GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Failed to load tokenizer invalid-tokenizer-12345", new() { Timeout = 30_000 });
        await Expect(alert).ToHaveClassAsync(new Regex(@"\balert-error\b"));
        var badge = page.Locator("[data-region=summary] [data-status-text]");
        await Expect(badge).ToHaveTextAsync("Error");
        await Expect(badge).ToHaveClassAsync(BadgeClass("error"));
        await user.ScreenshotAsync("dataset-error");

        await page.ReloadAsync();
        await Expect(alert).ToContainTextAsync("Failed to load tokenizer invalid-tokenizer-12345");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Tokenization" })).ToHaveAttributeAsync("aria-selected", "true");
        await user.GotoAsync("/datasets");
        await Expect(page.Locator($"#dataset-{id}").GetByRole(AriaRole.Alert)).ToContainTextAsync("Failed to load tokenizer invalid-tokenizer-12345");
        await Expect(page.Locator($"#dataset-{id} [data-status-text]")).ToHaveClassAsync(BadgeClass("error"));

        await user.GotoAsync($"/datasets/{id}#tokenization");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Start Tokenization" }).ClickAsync();
        await Expect(panel.Locator("[data-tokenized]")).ToContainTextAsync("Dataset Already Tokenized", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-region=summary]").GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(badge).ToHaveTextAsync("Ready");
    }

    [Fact]
    public async Task TwoImportsAtOnce_EachCardProgressesOnItsOwn_InChinese()
    {
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host, locale: "zh-CN");
        var page = user.Page;
        await user.GotoAsync("/datasets");
        await Expect(page.Locator("#live-state")).ToHaveTextAsync("实时");
        var recorder = await ProgressRecorder.StartAsync(page, "#datasets");
        var import = page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true });
        var cards = page.Locator(".dataset-card");

        await page.GetByLabel("数据集仓库").FillAsync(DatasetPagesFixture.Stories);
        await import.ClickAsync();
        await Expect(cards).ToHaveCountAsync(1);
        await page.GetByLabel("数据集仓库").FillAsync(DatasetPagesFixture.OtherStories);
        await import.ClickAsync();
        await Expect(cards).ToHaveCountAsync(2);

        var stories = CardOf(page, DatasetPagesFixture.Stories);
        var other = CardOf(page, DatasetPagesFixture.OtherStories);
        await Expect(stories.Locator("[data-status-text]")).ToHaveTextAsync("就绪", UntilReady);
        await Expect(other.Locator("[data-status-text]")).ToHaveTextAsync("就绪", UntilReady);
        await Expect(stories.Locator("[data-samples]")).ToHaveTextAsync("3,000");
        await Expect(other.Locator("[data-samples]")).ToHaveTextAsync("1,500");
        await Expect(cards).ToHaveCountAsync(2);

        var frames = await recorder.FramesAsync();
        foreach (var card in new[] { stories, other })
        {
            var id = await card.GetAttributeAsync("data-dataset-id") ?? throw new InvalidOperationException("A card has no dataset id");
            var percents = await recorder.PercentsAsync(id, DatasetStatuses.Downloading);
            Assert.Equal(percents.Order(), percents);
            Assert.True(percents.Count(p => p is > 10 and < 70) >= 2, $"{id} should progress on its own; it showed {string.Join(", ", percents)}");
            var seqs = await recorder.SeqWritesAsync(id);
            Assert.Equal(seqs.Distinct(), seqs);
            Assert.Equal(seqs.Order(), seqs);
            Assert.Contains(frames, f => f.Id == id && f.Message is { } m && DownloadingInChinese().IsMatch(m));
        }
        var downloading = frames.Select((f, i) => (f, i)).Where(x => x.f.Status == DatasetStatuses.Downloading && x.f.Percent > 10).ToList();
        var ranges = downloading.GroupBy(x => x.f.Id).Select(g => (First: g.Min(x => x.i), Last: g.Max(x => x.i))).ToList();
        Assert.True(ranges.Count == 2 && ranges[0].First < ranges[1].Last && ranges[1].First < ranges[0].Last, "the two imports should run at the same time");
        await user.ScreenshotAsync("datasets-two-imports-zh");
    }

    [Fact]
    public async Task Tokenize_InChinese_ShowsTheJobsMessagesTranslatedFromTheirKeys_LiveAndAfterAReload()
    {
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host, locale: "zh-CN");
        using var api = await ApiFor(user);
        var small = await ImportAsync(api, DatasetPagesFixture.Small, "train[:20]", until: DatasetStatuses.Ready);
        var id = await ImportAsync(api, DatasetPagesFixture.Long, "train", until: DatasetStatuses.Ready);
        var page = user.Page;
        await user.GotoAsync($"/datasets/{id}#tokenization");
        await Expect(page.Locator("#live-state")).ToHaveTextAsync("实时");
        var panel = page.GetByRole(AriaRole.Tabpanel, new() { Name = "分词" });

        await panel.GetByRole(AriaRole.Button, new() { Name = "开始分词" }).ClickAsync();

        // Drawn by the page's script from each event's key and numbers: the English words are nowhere.
        await page.WaitForFunctionAsync(
            "() => /^正在分词… [\\d,]+\\/40,000 个样本$/.test(document.querySelector('#panel-tokenization [data-message]')?.textContent ?? '')",
            null, new() { PollingInterval = 20, Timeout = 30_000 });
        await user.ScreenshotAsync("dataset-tokenizing-zh");
        await Expect(panel.Locator("[data-tokenized]")).ToContainTextAsync("数据集已分词", new() { Timeout = 60_000 });

        var refused = await api.Http.PostAsJsonAsync($"/api/datasets/{small}/tokenize", new { tokenizer_name = "invalid-tokenizer-12345", max_length = 8, stride = 0 });
        Assert.Equal(HttpStatusCode.Accepted, refused.StatusCode);
        await Wait.UntilAsync(async () => (await api.GetDatasetAsync(small)).Status == DatasetStatuses.Error, "the tokenization to fail");
        await user.GotoAsync($"/datasets/{small}");
        // Rendered by the server from the error's key: the Chinese sentence around the Hub's own detail.
        await Expect(page.Locator("[data-region=summary]").GetByRole(AriaRole.Alert)).ToContainTextAsync("无法加载分词器 invalid-tokenizer-12345：");
    }

    [Fact]
    public async Task Import_InvalidSplitOrRepo_ShowsWhyAndCreatesNothing()
    {
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host);
        var page = user.Page;
        var posts = 0;
        page.Request += (_, request) => posts += request.Method == "POST" && request.Url.EndsWith("/api/datasets", StringComparison.Ordinal) ? 1 : 0;
        await user.GotoAsync("/datasets");
        var repo = page.GetByLabel("Dataset repository");
        var import = page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true });

        await import.ClickAsync();
        await Expect(page.Locator("#import-repo-error")).ToHaveTextAsync("Enter the dataset's repository.");
        await Expect(repo).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(repo).ToBeFocusedAsync();
        await repo.FillAsync("not a repo");
        await import.ClickAsync();
        await Expect(page.Locator("#import-repo-error")).ToHaveTextAsync("Use the form owner/name, e.g. roneneldan/TinyStories.");
        Assert.Equal(0, posts);

        await repo.FillAsync(DatasetPagesFixture.Stories);
        await Expect(page.Locator("#import-repo-error")).ToBeHiddenAsync();
        await page.GetByLabel("Split").FillAsync("train[:5%");
        await import.ClickAsync();

        var error = page.Locator("#import-error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("Invalid split \"train[:5%\"");
        // The caret line keeps its spaces, so the caret stands under the place the spec went wrong.
        var lines = (await error.InnerTextAsync()).Split('\n');
        Assert.Equal("  train[:5%", lines[^2]);
        Assert.Matches(@"^ {3,}\^$", lines[^1]);
        await Expect(page.Locator(".dataset-card")).ToHaveCountAsync(0);
        await Expect(page.Locator("#datasets-empty")).ToBeVisibleAsync();
        using var api = await ApiFor(user);
        Assert.Empty(await ApiClient.ReadAsync<List<DatasetView>>(await api.Http.GetAsync("/api/datasets"), HttpStatusCode.OK));
        Assert.Equal(1, posts);
    }

    [Fact]
    public async Task Delete_AsksFirst_ThenRemovesTheCardAndTheDataset()
    {
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host);
        using var api = await ApiFor(user);
        var id = await ImportAsync(api, DatasetPagesFixture.Small, "train[:10]", until: DatasetStatuses.Ready);
        var page = user.Page;
        await user.GotoAsync("/datasets");
        var card = page.Locator($"#dataset-{id}");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete this dataset?" });

        await card.GetByRole(AriaRole.Button, new() { Name = $"Delete {DatasetPagesFixture.Small}" }).ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync($"{DatasetPagesFixture.Small} and its files will be removed");
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(card).ToHaveCountAsync(1);

        await card.GetByRole(AriaRole.Button, new() { Name = $"Delete {DatasetPagesFixture.Small}" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete dataset" }).ClickAsync();
        await Expect(card).ToHaveCountAsync(0);
        await Expect(page.Locator("#datasets-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#datasets-announce")).ToHaveTextAsync($"Deleted {DatasetPagesFixture.Small}");
        await ApiClient.AssertProblemAsync(await api.Http.GetAsync($"/api/datasets/{id}"), HttpStatusCode.NotFound, "DatasetNotFound");
    }

    [Fact]
    public async Task Pages_AtPhoneWidth_FitWithoutSideScrolling()
    {
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, Host, width: 375);
        using var api = await ApiFor(user);
        var id = await ImportAsync(api, DatasetPagesFixture.Small, "train", until: DatasetStatuses.Ready);
        await ImportAsync(api, "nobody/missing-dataset", "train", until: DatasetStatuses.Error);
        var page = user.Page;

        await user.GotoAsync("/datasets");
        await Expect(page.Locator(".dataset-card")).ToHaveCountAsync(2);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the list should fit 375 px");
        await user.ScreenshotAsync("datasets-phone");

        await user.GotoAsync($"/datasets/{id}#samples");
        await Expect(page.GetByRole(AriaRole.Tabpanel, new() { Name = "Samples" }).Locator("tbody tr")).ToHaveCountAsync(10);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the dataset page should fit 375 px");
        await user.ScreenshotAsync("dataset-phone");
    }

    [Fact]
    public async Task HostRestartMidImport_PageReconnects_AndProgressResumesWithoutGoingBackwards()
    {
        using var data = new TempFolder();
        var port = HostProcess.FreePort();
        var first = await SpacesHost.StartAsync(fixture.HostSettings, data.Path, port);
        var firstRunning = true;
        SpacesHost? second = null;
        try
        {
            await using var user = await PortalSession.NewUserAsync(fixture.Browser, first);
            var page = user.Page;
            await user.GotoAsync("/datasets");
            var live = page.Locator("#live-state");
            await Expect(live).ToHaveTextAsync("Live");
            var recorder = await ProgressRecorder.StartAsync(page, "#datasets");
            await page.GetByLabel("Dataset repository").FillAsync(DatasetPagesFixture.Restart);
            await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
            var card = page.Locator(".dataset-card");
            var percent = card.Locator("[data-progress-text]");
            await Expect(percent).ToHaveTextAsync(PercentAbove(25), new() { Timeout = 30_000 });
            var id = await card.GetAttributeAsync("data-dataset-id") ?? throw new InvalidOperationException("The card has no dataset id");
            // Held where it is, the download cannot run ahead of the restart however slowly this test is scheduled.
            fixture.Hub.PauseSlowDownloads();

            await first.DisposeAsync();
            firstRunning = false;
            await Expect(live).ToHaveTextAsync("Reconnecting…");
            var shownDuringRestart = (await recorder.PercentsAsync(id, DatasetStatuses.Downloading)).Max();
            output.WriteLine($"The page showed {shownDuringRestart}% when the host went away");
            await user.ScreenshotAsync("dataset-reconnecting");
            second = await SpacesHost.StartAsync(fixture.HostSettings, data.Path, port);
            fixture.Hub.ResumeSlowDownloads();
            await Expect(live).ToHaveTextAsync("Live", new() { Timeout = 20_000 });
            await Expect(percent).ToHaveTextAsync(PercentAbove((int)shownDuringRestart + 2), new() { Timeout = 40_000 });
            await Expect(card.Locator("[data-status-text]")).ToHaveTextAsync("Ready", UntilReady);

            await Expect(card).ToHaveCountAsync(1);
            await Expect(card.Locator("[data-samples]")).ToHaveTextAsync("12,000");
            await Expect(card.Locator("[data-error]")).ToHaveCountAsync(0);
            var frames = await recorder.FramesAsync(id);
            output.WriteLine(string.Join(Environment.NewLine, frames.Select(f => $"  {f.Status} {f.Percent}% {f.Message}")));
            var percents = await recorder.PercentsAsync(id, DatasetStatuses.Downloading);
            Assert.True(percents.SequenceEqual(percents.Order()), $"the percentage went backwards: {string.Join(", ", percents)}");
            var seqs = await recorder.SeqWritesAsync(id);
            Assert.True(seqs.SequenceEqual(seqs.Distinct().Order()), $"an event was drawn twice or out of order: {string.Join(", ", seqs)}");
        }
        finally
        {
            fixture.Hub.ResumeSlowDownloads();
            if (firstRunning)
            {
                await first.DisposeAsync();
            }
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    [Fact]
    public void DatasetStrings_EnglishAndChinese_HaveTheSameKeys()
    {
        var text = new PortalText();
        var english = text.KeysOf("en").Where(k => k.StartsWith("dataset.", StringComparison.Ordinal)).Order().ToList();
        var chinese = text.KeysOf("zh-CN").Where(k => k.StartsWith("dataset.", StringComparison.Ordinal)).Order().ToList();
        Assert.NotEmpty(english);
        Assert.Equal(english, chinese);
    }

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    private static Regex BadgeClass(string status) => new($@"\bbadge-{status}\b");

    /// <summary>A percentage as the page writes it, at least <paramref name="floor"/> and below 100.</summary>
    private static Regex PercentAbove(int floor) => new($@"^({string.Join('|', Enumerable.Range(floor, 100 - floor))})(\.\d)?%$");

    private static string Kilobytes(long bytes) => $"{(bytes / 1024.0).ToString("#,0.#", English)} KB";

    [GeneratedRegex(@"^正在从 HuggingFace Hub 下载… 文件 1/1 已下载 \d+\.\d MB$")]
    private static partial Regex DownloadingInChinese();

    private static ILocator CardOf(IPage page, string repo) =>
        page.Locator(".dataset-card", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = repo, Exact = true }) });

    private static Task<ApiClient> ApiFor(PortalSession user) => ApiClient.SignInAsync(user.BaseUrl, user.Username, PortalSession.Password);

    /// <summary>Imports through the API and waits for the dataset to reach <paramref name="until"/>.</summary>
    private static async Task<string> ImportAsync(ApiClient api, string repo, string split, string until)
    {
        var dataset = await api.ImportDatasetAsync(repo, split);
        await Wait.UntilAsync(
            async () => (await api.GetDatasetAsync(dataset.Id)).Status == until,
            $"dataset {repo} ({split}) to be {until}",
            TimeSpan.FromSeconds(60));
        return dataset.Id;
    }
}
