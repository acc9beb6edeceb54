using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Infrastructure.FakeHub;

namespace Spaces.Tests.Datasets;

public sealed class DatasetCrashRecoveryTests
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
}
