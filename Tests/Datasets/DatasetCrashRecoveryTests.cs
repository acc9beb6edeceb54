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
}
