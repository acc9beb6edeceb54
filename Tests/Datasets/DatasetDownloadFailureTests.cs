using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Infrastructure.FakeHub;

namespace Spaces.Tests.Datasets;

/// <summary>Hub failures during the transfer itself, each against its own fake Hub and a host with short retry delays.</summary>
public sealed class DatasetDownloadFailureTests
{
    private const string Repo = "acme/flaky";

    [Fact]
    public async Task Import_HubBreaksOffMidTransferUntilRetriesRunOut_ErrorSaysDownloadFailed()
    {
        await using var hub = await FakeHubServer.StartAsync();
        var lines = Enumerable.Range(0, 20_000).Select(i => JsonSerializer.Serialize(new { text = DatasetHostFixture.Story(i) }) + "\n");
        hub.AddDatasetFile(Repo, "train.jsonl", Encoding.UTF8.GetBytes(string.Concat(lines)));
        hub.FailEveryDownloadAtFileByte(300_000);
        await using var host = await SpacesHost.StartAsync(new Dictionary<string, string?>
        {
            ["Spaces:HuggingFace:Endpoint"] = hub.BaseUrl.ToString(),
            ["Spaces:HuggingFace:RetryDelay"] = "00:00:00.020",
            ["Spaces:HuggingFace:MaxRetryDelay"] = "00:00:00.100",
        });
        using var user = await ApiClient.NewUserAsync(host);

        var started = await user.ImportDatasetAsync(Repo, "train");
        var view = await user.SettledDatasetAsync(started.Id, "the import to give up after the retries");

        Assert.Equal(DatasetStatuses.Error, view.Status);
        Assert.StartsWith($"Download failed: The Hub request for train.jsonl in dataset {Repo}", view.Error, StringComparison.Ordinal);
        Assert.Contains("times in a row", view.Error, StringComparison.Ordinal);
        Assert.Contains(hub.Requests, r => r.Range == "bytes=300000-");
        var files = Path.Combine(host.DataPath, "blobs", "datasets", started.Id);
        var leftOver = Directory.Exists(files) ? Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories).ToList() : [];
        Assert.True(leftOver.Count == 0, $"no partial blob stays behind: {string.Join(", ", leftOver)}");
    }
}
