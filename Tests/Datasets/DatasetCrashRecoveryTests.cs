using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Infrastructure.FakeHub;
using Spaces.Tests.Tokenizers;
using Spaces.Tokenizers;

namespace Spaces.Tests.Datasets;

public sealed partial class DatasetCrashRecoveryTests
{
    [Fact]
    public async Task KillNine_MidImport_TheJobCompletesAfterRestart()
    {
        await using var hub = await FakeHubServer.StartAsync();
        var rows = 40_000;
        var lines = Enumerable.Range(0, rows).Select(i => JsonSerializer.Serialize(new { text = DatasetHostFixture.Story(i) + new string('x', 200) }) + "\n");
        hub.AddDatasetFile("acme/big", "train.jsonl", Encoding.UTF8.GetBytes(string.Concat(lines)), lfs: true);
        // The download drops once: the client's backoff holds the job mid-download long enough to kill the host there.
        hub.FailNextDownloadAfter(3_000_000);
        using var data = new TempFolder();
        var port = HostProcess.FreePort();
        var environment = new Dictionary<string, string> { ["Spaces__HuggingFace__Endpoint"] = hub.BaseUrl.ToString() };
        var first = await HostProcess.StartAsync(data.Path, port, environment);
        using var admin = await ApiClient.SignInAsync(first.BaseUrl, "admin", SpacesHost.AdminPassword);
        var started = await admin.ImportDatasetAsync("acme/big", "train");
        await Wait.UntilAsync(
            async () => (await admin.GetDatasetAsync(started.Id)).Progress >= 10,
            "the import to be downloading");

        await first.KillAsync();
        await using var second = await HostProcess.StartAsync(data.Path, port, environment);

        var view = await admin.SettledDatasetAsync(started.Id, "the import to finish after the restart");
        Assert.True(view.Status == DatasetStatuses.Ready, $"{view.Status}: {view.Error}");
        Assert.Equal(rows, view.NumSamples);
    }
    [Fact]
    public async Task KillNine_AfterTheFirstOfTwoFiles_TheRestartedImportDoesNotDownloadItAgain()
    {
        await using var hub = await FakeHubServer.StartAsync();
        static byte[] Lines(int count, int file) =>
            Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new { text = $"file {file} story {i} " + new string('x', 100) }) + "\n")));
        hub.AddDatasetFile("acme/two-files", "data/train-00000-of-00002.jsonl", Lines(300, 0), lfs: true);
        // The second file is held at its first byte, so the host dies with the first one stored and checkpointed.
        hub.AddSlowDatasetFile("acme/two-files", "data/train-00001-of-00002.jsonl", Lines(20_000, 1), bytesPerSecond: 500_000);
        hub.PauseSlowDownloads();
        using var data = new TempFolder();
        var port = HostProcess.FreePort();
        var environment = new Dictionary<string, string> { ["Spaces__HuggingFace__Endpoint"] = hub.BaseUrl.ToString() };
        var first = await HostProcess.StartAsync(data.Path, port, environment);
        using var admin = await ApiClient.SignInAsync(first.BaseUrl, "admin", SpacesHost.AdminPassword);
        var started = await admin.ImportDatasetAsync("acme/two-files", "train");
        int Downloads(string file) => hub.Requests.Count(r => r.Method == "GET" && r.RawTarget.EndsWith(file, StringComparison.Ordinal));
        await Wait.UntilAsync(
            async () => Downloads("train-00001-of-00002.jsonl") == 1 && (await admin.GetDatasetAsync(started.Id)).Progress >= 40,
            "the first file to be stored and the second one requested");

        await first.KillAsync();
        hub.ResumeSlowDownloads();
        await using var second = await HostProcess.StartAsync(data.Path, port, environment);

        var view = await admin.SettledDatasetAsync(started.Id, "the import to finish after the restart");
        Assert.True(view.Status == DatasetStatuses.Ready, $"{view.Status}: {view.Error}");
        Assert.Equal(20_300, view.NumSamples);
        Assert.Equal(1, Downloads("train-00000-of-00002.jsonl"));
        Assert.True(Downloads("train-00001-of-00002.jsonl") >= 2, "the second file is downloaded again by the restarted run");
    }

    [Fact]
    public async Task KillNine_MidTokenize_TheRestartedRunGoesOnAfterTheLastStoredShard_AndTheStatisticsAreExact()
    {
        await using var hub = await FakeHubServer.StartAsync();
        const int rows = 20_000;
        var texts = Enumerable.Range(0, rows).Select(VariedStory).ToList();
        hub.AddDatasetFile("acme/tokenize-crash", "train.jsonl", Encoding.UTF8.GetBytes(string.Concat(texts.Select(t => JsonSerializer.Serialize(new { text = t }) + "\n"))), lfs: true);
        hub.AddModelFile("gpt2", "vocab.json", File.ReadAllBytes(Gpt2Files.PackageFile("encoder.json")));
        hub.AddModelFile("gpt2", "merges.txt", File.ReadAllBytes(Gpt2Files.PackageFile("vocab.bpe")));
        using var data = new TempFolder();
        var port = HostProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["Spaces__HuggingFace__Endpoint"] = hub.BaseUrl.ToString(),
            // Small shards: a checkpoint every few hundred samples, so the host dies with many behind it and many ahead.
            ["Spaces__Datasets__Tokenization__TokensPerShard"] = "16384",
        };
        var first = await HostProcess.StartAsync(data.Path, port, environment);
        using var admin = await ApiClient.SignInAsync(first.BaseUrl, "admin", SpacesHost.AdminPassword);
        var id = (await admin.ImportDatasetAsync("acme/tokenize-crash", "train")).Id;
        Assert.Equal(DatasetStatuses.Ready, (await admin.SettledDatasetAsync(id, "the import to finish")).Status);
        var tokenize = await admin.Http.PostAsJsonAsync($"/api/datasets/{id}/tokenize", new { tokenizer_name = "gpt2", max_length = 64, stride = 0 });
        Assert.Equal(HttpStatusCode.Accepted, tokenize.StatusCode);
        await using var watcher = ProgressWatcher.Start(admin, id);
        await Wait.UntilAsync(() => Task.FromResult(StoredShards(first.Output, id).Count >= 3), "the tokenization to store three shards");

        await first.KillAsync();
        var beforeKill = StoredShards(first.Output, id);
        await using var second = await HostProcess.StartAsync(data.Path, port, environment);

        var view = await admin.SettledDatasetAsync(id, "the tokenization to finish after the restart");
        Assert.True(view.Status == DatasetStatuses.Ready, $"{view.Status}: {view.Error}");
        var resumedAfter = ResumedAfter().Match(second.Output);
        Assert.True(resumedAfter.Success, $"the second host should resume the run:\n{second.Output}");
        var checkpointed = int.Parse(resumedAfter.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var afterRestart = StoredShards(second.Output, id);
        // A shard's log line follows its checkpoint, so the host may have died between the two.
        Assert.True(checkpointed >= 3 && checkpointed <= beforeKill.Max() + 2, $"resumed after {checkpointed} shards; the first host stored {string.Join(", ", beforeKill)}");
        Assert.Equal(Enumerable.Range(checkpointed, afterRestart.Count), afterRestart);
        Assert.InRange(view.Tokenization!.Shards.Count - checkpointed - afterRestart.Count, 0, 1); // the last shard, if not full, is no checkpoint

        var lengths = texts.Select(t => Gpt2Files.Tokenizer.Encode(t).Length).Order().ToList();
        var statistics = view.Tokenization.Statistics!.Value;
        Assert.Equal((long)rows, statistics.GetProperty("num_samples").GetInt64());
        Assert.Equal(lengths.Sum(n => (long)n), statistics.GetProperty("total_tokens").GetInt64());
        Assert.Equal(lengths.Sum(n => (long)TokenWindows.Plan(n, 64, 0).Count), statistics.GetProperty("sequences").GetInt64());
        Assert.Equal((lengths[0], lengths[^1]), (statistics.GetProperty("min_length").GetInt32(), statistics.GetProperty("max_length").GetInt32()));
        Assert.Equal((lengths[(rows - 1) / 2] + lengths[rows / 2]) / 2.0, statistics.GetProperty("median_length").GetDouble());
        var unique = texts.SelectMany(t => Gpt2Files.Tokenizer.Encode(t)).Distinct().Count();
        Assert.Equal(unique, statistics.GetProperty("unique_tokens").GetInt64());
        // Every token is in exactly one shard (stride 0): none lost before the checkpoint, none written twice after it.
        var shardBytes = view.Tokenization.Shards.Sum(s => new FileInfo(Path.Combine(data.Path, "blobs", s + ".tokens")).Length);
        Assert.Equal(2 * lengths.Sum(n => (long)n), shardBytes);
        var progress = await watcher.StopAsync();
        Assert.True(progress.SequenceEqual(progress.Order()), $"the progress went back: {string.Join(", ", progress)}");
        Assert.Contains(progress, p => p > 40 && p < 75);
    }

    /// <summary>A story whose words vary, so tokenizing takes long enough to die in the middle of it.</summary>
    private static string VariedStory(int i)
    {
        string[] words = ["cat", "robot", "garden", "river", "lantern", "quietly", "number", "moon", "whisper", "engine", "violet", "market"];
        var random = new Random(i);
        return $"Story {i}:" + string.Concat(Enumerable.Range(0, 40).Select(_ => random.Next(5) == 0 ? $" {random.Next(100_000)}" : $" {words[random.Next(words.Length)]}"));
    }

    /// <summary>The shards the host's log says it stored for the dataset, in order.</summary>
    private static List<int> StoredShards(string log, string datasetId) =>
        [.. ShardStored().Matches(log).Where(m => m.Groups[1].Value == datasetId).Select(m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"Tokenization of dataset (\w+): shard (\d+) stored")]
    private static partial Regex ShardStored();

    [GeneratedRegex(@"resumes after (\d+) stored shards")]
    private static partial Regex ResumedAfter();
}
