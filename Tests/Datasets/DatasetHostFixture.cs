using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Silo.Blobs;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Infrastructure.FakeHub;
using Spaces.Tests.Tokenizers;

namespace Spaces.Tests.Datasets;

/// <summary>
/// The host pointed at a fake Hub that serves a few datasets and the GPT-2 tokenizer in both file layouts: in the
/// embedded storage mode as a class fixture, in another mode through <see cref="StartAsync"/> with that mode's settings.
/// </summary>
public sealed class DatasetHostFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string Stories = "acme/stories";
    public const string ParquetStories = "acme/parquet-stories";
    public const string CsvSet = "acme/csv-set";
    public const string BigStories = "acme/big-stories";
    public const int StoryRows = 200;

    private FakeHubServer? _hub;
    private SpacesHost? _host;
    private readonly TempFolder _files = new();
    private IDictionary<string, string?> _settings = new Dictionary<string, string?>();

    public FakeHubServer Hub => _hub ?? throw new InvalidOperationException("The fake Hub has not started");

    public SpacesHost Host => _host ?? throw new InvalidOperationException("The host has not started");

    /// <summary>The blobs the host stores, whichever the storage mode.</summary>
    public IBlobStore Blobs => Host.Services.GetRequiredService<IBlobStore>();

    /// <summary>The fixture with its host started on <paramref name="settings"/> (a storage mode's).</summary>
    public static async Task<DatasetHostFixture> StartAsync(IDictionary<string, string?> settings)
    {
        var fixture = new DatasetHostFixture { _settings = settings };
        await fixture.InitializeAsync();
        return fixture;
    }

    public static string Story(int i) => $"Story {i}: a {(i % 2 == 0 ? "cat" : "robot")} named Ünïcode 🐉 counted to {i}.\nThe end.";

    public async Task InitializeAsync()
    {
        _hub = await FakeHubServer.StartAsync();
        _hub.AddDatasetFile(Stories, "train.jsonl", JsonLines(StoryRows, Story));
        _hub.AddDatasetFile(Stories, "test.jsonl", JsonLines(50, i => $"test {i}"));
        _hub.AddDatasetFile(CsvSet, "data/train.csv", Encoding.UTF8.GetBytes("id,text\n1,\"hello, world\"\n2,\"a \"\"quoted\"\" word\"\n"));
        _hub.AddDatasetFile(BigStories, "train.jsonl", JsonLines(40_000, i => Story(i) + new string('x', 200)), lfs: true);
        _hub.AddDatasetFile(ParquetStories, "README.md", Encoding.UTF8.GetBytes("# Stories\n"));
        _hub.AddParquetConversion(ParquetStories, "default", "train", await ParquetAsync(150), await ParquetAsync(90));
        _hub.AddModelFile("gpt2", "vocab.json", File.ReadAllBytes(Gpt2Files.PackageFile("encoder.json")));
        _hub.AddModelFile("gpt2", "merges.txt", File.ReadAllBytes(Gpt2Files.PackageFile("vocab.bpe")));
        _hub.AddModelFile("openai-community/gpt2", "tokenizer.json", Encoding.UTF8.GetBytes(Gpt2Files.BuildTokenizerJson()));
        _host = await SpacesHost.StartAsync(new Dictionary<string, string?>(_settings) { ["Spaces:HuggingFace:Endpoint"] = _hub.BaseUrl.ToString() });
    }

    private static byte[] JsonLines(int rows, Func<int, string> text) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, rows).Select(i => $"{{\"text\":{System.Text.Json.JsonSerializer.Serialize(text(i))},\"n\":{i}}}\n")));

    /// <summary>A Parquet file from an independent writer (hyparquet-writer, under Node).</summary>
    private async Task<byte[]> ParquetAsync(int rows)
    {
        var file = Path.Combine(_files.Path, $"stories-{rows}.parquet");
        await ExternalProcess.RunNodeScriptAsync("parquet-dataset.mjs", [file, $"{rows}"], "writing a Parquet fixture");
        return await File.ReadAllBytesAsync(file);
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
        _files.Dispose();
    }
}
