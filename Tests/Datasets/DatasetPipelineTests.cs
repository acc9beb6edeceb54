using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Silo.Datasets;
using Spaces.Silo.Hosting;
using Spaces.Silo.Storage.Azure;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Tokenizers;
using Spaces.Tokenizers;

namespace Spaces.Tests.Datasets;

/// <summary>
/// The flows of seed 004 through REST, watched over /hubs/status by the official JS client, against a fake Hub; once per
/// storage mode (the classes below).
/// </summary>
public abstract class DatasetPipelineTests : IAsyncLifetime
{
    private DatasetHostFixture? _fixture;

    private DatasetHostFixture Fixture => _fixture ?? throw new InvalidOperationException("The host has not started");

    private SpacesHost Host => Fixture.Host;

    /// <summary>The fixture of this storage mode, shared by the class's tests.</summary>
    protected abstract Task<DatasetHostFixture> FixtureAsync();

    public async Task InitializeAsync() => _fixture = await FixtureAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<List<string>> StoredAsync(string prefix) => Fixture.Blobs.ListAsync(prefix, CancellationToken.None).ToListAsync().AsTask();

    private static Task<DatasetView> ImportAsync(ApiClient user, string repo, string split) => user.ImportDatasetAsync(repo, split);

    private static Task<DatasetView> SettledAsync(ApiClient user, string id) => user.SettledDatasetAsync(id, $"dataset {id} to settle");

    private static async Task<DatasetView> TokenizeAsync(ApiClient user, string id, string tokenizer, int maxLength, int stride)
    {
        var response = await user.Http.PostAsJsonAsync($"/api/datasets/{id}/tokenize", new { tokenizer_name = tokenizer, max_length = maxLength, stride });
        return await ApiClient.ReadAsync<DatasetView>(response, HttpStatusCode.Accepted);
    }

    private static void AssertNeverBackwards(IReadOnlyList<FollowedEvent> events)
    {
        var progress = events.Where(e => e.Data.TryGetProperty("progress", out _)).Select(e => e.Data.GetProperty("progress").GetDouble()).ToList();
        Assert.Equal(progress.Order(), progress);
    }

    [Fact]
    public async Task ImportThenTokenize_ThroughRest_ProgressSequenceAndStatisticsAreRight()
    {
        using var user = await ApiClient.NewUserAsync(Host);
        var started = await ImportAsync(user, DatasetHostFixture.Stories, "train[:10%]");
        Assert.Equal(DatasetStatuses.Downloading, started.Status);

        var import = await JsFollower.FollowAsync(user, Channels.DatasetProgress(started.Id));
        var ready = await SettledAsync(user, started.Id);

        JsFollower.AssertGapFree(import);
        AssertNeverBackwards(import);
        Assert.Equal(
            ["Starting download...", "Downloading from HuggingFace Hub...", "Saving dataset to disk...", "Download complete, processing metadata...", "Dataset downloaded successfully"],
            import.Select(e => e.Data.GetProperty("message").GetString()).Where(m => !m!.Contains(" MB of file", StringComparison.Ordinal)));
        DatasetMessageAssert.KeysRenderTheMessages(import);
        Assert.Equal(
            ["download.starting", "download.hub", "download.saving", "download.processing", "download.done"],
            DatasetMessageAssert.Keys(import).Where(k => k != "download.file"));
        Assert.Equal(("download.done", "Dataset downloaded successfully"), (ready.Key, ready.Message));
        var completed = import[^1];
        Assert.Equal((EventTypes.Completed, 100.0, "ready", 20L), (completed.Type, completed.Data.GetProperty("progress").GetDouble(),
            completed.Data.GetProperty("status").GetString(), completed.Data.GetProperty("num_samples").GetInt64()));
        Assert.All(import, e => Assert.Equal(started.Id, e.Data.GetProperty("dataset_id").GetString()));
        Assert.Equal((DatasetStatuses.Ready, 20L), (ready.Status, ready.NumSamples!.Value));
        var samples = JsonSerializer.Deserialize<JsonElement>(await user.Http.GetStringAsync($"/api/datasets/{started.Id}/samples?offset=5&limit=3"));
        Assert.Equal([DatasetHostFixture.Story(5), DatasetHostFixture.Story(6), DatasetHostFixture.Story(7)],
            samples.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("text").GetString()));

        await TokenizeAsync(user, started.Id, "gpt2", 16, 4);
        var tokenize = await JsFollower.FollowAsync(user, Channels.DatasetProgress(started.Id), afterSeq: completed.Seq);
        var tokenized = await SettledAsync(user, started.Id);

        JsFollower.AssertGapFree(tokenize, completed.Seq);
        AssertNeverBackwards(tokenize);
        Assert.Equal([0, 10, 20, 30, 40], tokenize.Take(5).Select(e => e.Data.GetProperty("progress").GetDouble()));
        Assert.Equal("Tokenizing 20 samples...", tokenize[4].Data.GetProperty("message").GetString());
        Assert.Equal(("tokenize.total", 20), (tokenize[4].Data.GetProperty("key").GetString(), tokenize[4].Data.GetProperty("args").GetProperty("total").GetInt32()));
        DatasetMessageAssert.KeysRenderTheMessages(tokenize);
        Assert.Equal(
            ["tokenize.starting", "tokenize.loading_tokenizer", "tokenize.loading_dataset", "tokenize.analyzing", "tokenize.total"],
            DatasetMessageAssert.Keys(tokenize).Take(5));
        Assert.Equal(
            ["Tokenization complete (20 samples)", "Calculating statistics...", "Saving results...", "Tokenization complete"],
            tokenize.TakeLast(4).Select(e => e.Data.GetProperty("message").GetString()));
        var expected = Enumerable.Range(0, 20).Select(i => Gpt2Files.Tokenizer.Encode(DatasetHostFixture.Story(i)).Length).ToList();
        var statistics = tokenized.Tokenization!.Statistics!.Value;
        Assert.Equal("done", tokenized.Tokenization.Status);
        Assert.Equal("tokenize.done", tokenized.Key);
        Assert.Equal(expected.Sum(), statistics.GetProperty("total_tokens").GetInt64());
        Assert.Equal((expected.Min(), expected.Max()), (statistics.GetProperty("min_length").GetInt32(), statistics.GetProperty("max_length").GetInt32()));
        Assert.Equal(expected.Sum(n => TokenWindows.Plan(n, 16, 4).Count), statistics.GetProperty("sequences").GetInt64());
        Assert.Equal(expected.Count(n => n > 16), statistics.GetProperty("truncated_samples").GetInt64());
        Assert.NotEmpty(tokenized.Tokenization.Shards);
        Assert.Equal(
            tokenized.Tokenization.Shards.SelectMany(s => new[] { s + ".index", s + ".tokens" }).Order(StringComparer.Ordinal),
            await StoredAsync($"datasets/{started.Id}/tokens/"));
        Assert.Empty(await StoredAsync($"datasets/{started.Id}/tokenize-checkpoints/"));
    }

    [Fact]
    public async Task Import_ParquetConversionAcrossShards_SlicesAndPreviewsAcrossTheBoundary()
    {
        using var user = await ApiClient.NewUserAsync(Host);
        var started = await ImportAsync(user, DatasetHostFixture.ParquetStories, "train[10:200]");

        var ready = await SettledAsync(user, started.Id);

        Assert.True(ready.Status == DatasetStatuses.Ready, ready.Error);
        Assert.Equal(190L, ready.NumSamples);
        Assert.Equal([(10L, 150L), (0L, 50L)], ready.Files.Select(f => (f.RowStart, f.RowEnd)));
        var samples = JsonSerializer.Deserialize<JsonElement>(await user.Http.GetStringAsync($"/api/datasets/{started.Id}/samples?offset=139&limit=2"));
        var texts = samples.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("text").GetString()!).ToList();
        Assert.StartsWith("Story 149:", texts[0], StringComparison.Ordinal);
        Assert.StartsWith("Story 0:", texts[1], StringComparison.Ordinal);
        var view = await TokenizeAsync(user, started.Id, "openai-community/gpt2", 64, 0);
        Assert.Equal(DatasetStatuses.Tokenizing, view.Status);
        Assert.Equal(190, (await SettledAsync(user, started.Id)).Tokenization!.Statistics!.Value.GetProperty("num_samples").GetInt64());
    }

    [Fact]
    public async Task Tokenize_UnknownTokenizer_ErrorStaysUntilTheUserActs()
    {
        using var user = await ApiClient.NewUserAsync(Host);
        var started = await ImportAsync(user, DatasetHostFixture.CsvSet, "train");
        Assert.Equal(2, (await SettledAsync(user, started.Id)).NumSamples);

        await TokenizeAsync(user, started.Id, "invalid-tokenizer-12345", 512, 0);
        var failed = await SettledAsync(user, started.Id);
        await Task.Delay(1500);
        var later = await user.GetDatasetAsync(started.Id);

        Assert.Equal(DatasetStatuses.Error, failed.Status);
        Assert.StartsWith("Failed to load tokenizer invalid-tokenizer-12345", failed.Error, StringComparison.Ordinal);
        Assert.Equal(("tokenize.tokenizer_failed", "invalid-tokenizer-12345"), (failed.Key, failed.Args!.Value.GetProperty("name").GetString()));
        Assert.Equal(failed.Error, DatasetMessageAssert.Render(failed.Key!, failed.Args.Value, "en"));
        Assert.Equal((DatasetStatuses.Error, failed.Error), (later.Status, later.Error));
        var events = await JsFollower.FollowAsync(user, Channels.DatasetProgress(started.Id), afterSeq: 0);
        var error = Assert.Single(events, e => e.Type == EventTypes.Error);
        Assert.Equal(("error", "tokenize.tokenizer_failed"), (error.Data.GetProperty("status").GetString(), error.Data.GetProperty("key").GetString()));
        DatasetMessageAssert.KeysRenderTheMessages(events);
        await TokenizeAsync(user, started.Id, "gpt2", 8, 0);
        Assert.Equal(DatasetStatuses.Ready, (await SettledAsync(user, started.Id)).Status);
    }

    [Fact]
    public async Task Import_UnknownRepo_IsAnErrorEvent()
    {
        using var user = await ApiClient.NewUserAsync(Host);
        var started = await ImportAsync(user, "nobody/nothing", "train");

        var failed = await SettledAsync(user, started.Id);

        Assert.Equal(DatasetStatuses.Error, failed.Status);
        Assert.StartsWith("Download failed: Dataset not found on the Hub: nobody/nothing", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ParquetListingIsABare404_FallsBackToTheRepoFiles()
    {
        const string repo = "acme/never-converted";
        Fixture.Hub.AddDatasetFile(repo, "train.jsonl", Encoding.UTF8.GetBytes("{\"text\":\"one\"}\n{\"text\":\"two\"}\n"));
        Fixture.Hub.AnswerParquetListingWithBare404(repo);
        using var user = await ApiClient.NewUserAsync(Host);

        var ready = await SettledAsync(user, (await ImportAsync(user, repo, "train")).Id);

        Assert.Equal(DatasetStatuses.Ready, ready.Status);
        Assert.Equal(2, ready.NumSamples);
    }

    [Theory]
    [InlineData(true, "file list")] // the dataset info's siblings are checked first
    [InlineData(false, "file listing")] // the tree listing, when the info names no files
    public async Task Import_HubNamesAPathWithDotDot_ErrorAndNothingWrittenOutsideTheDatasetPrefix(bool inInfo, string refusedBy)
    {
        var repo = $"acme/escape-{(inInfo ? "info" : "tree")}";
        // By folder name this file belongs to split 'train', so only the path check keeps it out of the import.
        Fixture.Hub.AddDatasetFile(repo, "train/../../evil.jsonl", Encoding.UTF8.GetBytes("{\"text\":\"pwned\"}\n"));
        Fixture.Hub.AddDatasetFile(repo, "train.jsonl", Encoding.UTF8.GetBytes("{\"text\":\"fine\"}\n"));
        if (!inInfo)
        {
            Fixture.Hub.OmitSiblingsFromInfo(repo);
        }
        using var user = await ApiClient.NewUserAsync(Host);
        var started = await ImportAsync(user, repo, "train");

        var failed = await SettledAsync(user, started.Id);

        Assert.Equal(DatasetStatuses.Error, failed.Status);
        Assert.StartsWith("Download failed: Refused unsafe path 'train/..", failed.Error, StringComparison.Ordinal);
        Assert.Contains($"from the {refusedBy} of dataset {repo}", failed.Error, StringComparison.Ordinal);
        Assert.Contains("it contains a '..' segment", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Fixture.Hub.Requests, r => r.RawTarget.StartsWith($"/datasets/{repo}/resolve/", StringComparison.Ordinal));
        var stored = await StoredAsync("");
        Assert.All(stored, f => Assert.Matches("^(datasets/[0-9a-f]{32}|requests/[^/]+|tokenizers/[^/]+)/", f));
        Assert.DoesNotContain(stored, f => f.StartsWith($"datasets/{started.Id}/", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Host.DataPath, ".."), "evil*"));
        Assert.Empty(Directory.EnumerateFiles(Host.DataPath, "evil*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("train[:5%")]
    [InlineData("train[abc]")]
    [InlineData("train[10:5]")]
    [InlineData("train[:0%]")]
    public async Task Import_MalformedOrEmptySplit_Is400BeforeAnythingRuns(string split)
    {
        using var user = await ApiClient.NewUserAsync(Host);

        var response = await user.Http.PostAsJsonAsync("/api/datasets", new { repo_id = DatasetHostFixture.Stories, split });

        var detail = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidSplit");
        Assert.Contains(split, detail, StringComparison.Ordinal);
        Assert.Empty(await ApiClient.ReadAsync<List<DatasetView>>(await user.Http.GetAsync("/api/datasets"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task TwoImportsAtOnce_HaveIndependentProgress()
    {
        using var user = await ApiClient.NewUserAsync(Host);
        var big = await ImportAsync(user, DatasetHostFixture.BigStories, "train");
        var small = await ImportAsync(user, DatasetHostFixture.Stories, "train+test");

        var followed = await Task.WhenAll(
            JsFollower.FollowAsync(user, Channels.DatasetProgress(big.Id)),
            JsFollower.FollowAsync(user, Channels.DatasetProgress(small.Id)));

        JsFollower.AssertGapFree(followed[0]);
        JsFollower.AssertGapFree(followed[1]);
        Assert.All(followed[0], e => Assert.Equal(big.Id, e.Data.GetProperty("dataset_id").GetString()));
        Assert.All(followed[1], e => Assert.Equal(small.Id, e.Data.GetProperty("dataset_id").GetString()));
        Assert.Equal(40_000, followed[0][^1].Data.GetProperty("num_samples").GetInt64());
        Assert.Equal(250, followed[1][^1].Data.GetProperty("num_samples").GetInt64());
    }

    [Fact]
    public async Task ClientReconnectMidImport_ResumesWithNoGapAndNoDuplicate()
    {
        using var user = await ApiClient.NewUserAsync(Host);
        // The Hub drops the download once; the client's backoff keeps the job busy while the JS client reconnects.
        Fixture.Hub.FailNextDownloadAfter(2_000_000);
        var big = await ImportAsync(user, DatasetHostFixture.BigStories, "train");

        var followed = await JsFollower.FollowAsync(user, Channels.DatasetProgress(big.Id), dropAfter: 2);

        JsFollower.AssertGapFree(followed);
        AssertNeverBackwards(followed);
        Assert.Contains(followed, e => e.AfterReconnect);
        DatasetMessageAssert.KeysRenderTheMessages(followed);
        // The download's byte progress: file n of m as numbers, the megabytes as the English message writes them.
        var file = followed.First(e => e.Data.GetProperty("key").GetString() == "download.file").Data.GetProperty("args");
        Assert.Equal((1, 1, JsonValueKind.String), (file.GetProperty("file").GetInt32(), file.GetProperty("files").GetInt32(), file.GetProperty("mb").ValueKind));
        Assert.Equal(EventTypes.Completed, followed[^1].Type);
        Assert.Equal(40_000, followed[^1].Data.GetProperty("num_samples").GetInt64());
    }

    [Fact]
    public async Task Datasets_OfAnotherUser_AreInvisible()
    {
        using var owner = await ApiClient.NewUserAsync(Host);
        using var stranger = await ApiClient.NewUserAsync(Host);
        var started = await ImportAsync(owner, DatasetHostFixture.CsvSet, "train");

        await ApiClient.AssertProblemAsync(await stranger.Http.GetAsync($"/api/datasets/{started.Id}"), HttpStatusCode.NotFound, "DatasetNotFound");
        await ApiClient.AssertProblemAsync(await stranger.Http.DeleteAsync($"/api/datasets/{started.Id}"), HttpStatusCode.NotFound, "DatasetNotFound");
        await SettledAsync(owner, started.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync($"/api/datasets/{started.Id}")).StatusCode);
        Assert.Empty(await StoredAsync($"datasets/{started.Id}/"));
    }
}

public sealed class EmbeddedDatasetPipelineTests(DatasetHostFixture fixture) : DatasetPipelineTests, IClassFixture<DatasetHostFixture>
{
    protected override Task<DatasetHostFixture> FixtureAsync() => Task.FromResult(fixture);
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageDatasetPipelineTests(AzuriteFixture azurite) : DatasetPipelineTests
{
    protected override Task<DatasetHostFixture> FixtureAsync() =>
        azurite.SharedAsync(nameof(AzureStorageDatasetPipelineTests), a => DatasetHostFixture.StartAsync(a.HostSettings()));

    [Fact]
    public async Task TheHost_KeepsItsGrainsMembershipAndBlobsOnAzurite() => AzuriteFixture.AssertOnAzureStorage((await FixtureAsync()).Host);

    [Fact]
    public async Task AnImportsFiles_AreInTheConfiguredBlobContainer_AndNotInTheDefaultOne()
    {
        var fixture = await FixtureAsync();
        using var user = await ApiClient.NewUserAsync(fixture.Host);
        var started = await user.ImportDatasetAsync(DatasetHostFixture.CsvSet, "train");
        Assert.Equal(DatasetStatuses.Ready, (await user.SettledDatasetAsync(started.Id, "the import to settle")).Status);

        var configured = SpacesStorageSettings.From(fixture.Host.Services.GetRequiredService<IConfiguration>()).BlobContainer;
        Assert.NotEqual("spaces", configured);
        var account = AzureStorageAccount.Parse(azurite.ConnectionString).CreateBlobServiceClient();
        async Task<int> FilesIn(string name)
        {
            var container = account.GetBlobContainerClient(name);
            return await container.ExistsAsync() is { Value: true }
                ? await container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"datasets/{started.Id}/", CancellationToken.None).CountAsync()
                : 0;
        }
        Assert.NotEqual(0, await FilesIn(configured));
        Assert.Equal(0, await FilesIn("spaces"));
    }
}
