using Spaces.HuggingFace;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Infrastructure.FakeHub;

namespace Spaces.Tests.HuggingFace;

public sealed class HubClientMetadataTests
{
    [Fact]
    public async Task GetDatasetInfo_ExistingRepo_ReturnsShaSiblingsAndCardData()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/info", "README.md", "# hi"u8.ToArray());
        hub.AddDatasetFile("acme/info", "data/train.jsonl", "{}\n"u8.ToArray());

        var info = await Wait.ForAsync(HubTestClients.For(hub).GetDatasetInfoAsync("acme/info"), "dataset info");

        Assert.Equal("acme/info", info.Id);
        Assert.Equal("acme", info.Author);
        Assert.Equal(FakeHubServer.CommitOf("acme/info"), info.Sha);
        Assert.False(info.IsGated);
        Assert.Equal(["README.md", "data/train.jsonl"], info.Siblings.Select(s => s.Path));
        Assert.Equal("mit", info.CardData?.GetProperty("license").GetString());
        Assert.Contains(hub.Requests, r => r.RawTarget == "/api/datasets/acme/info");
    }

    [Fact]
    public async Task GetDatasetInfo_AtRevisionWithSlashes_EncodesTheRevisionCompletely()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddParquetConversion("acme/rev", "default", "train", [1, 2, 3]);

        var info = await Wait.ForAsync(HubTestClients.For(hub).GetDatasetInfoAsync("acme/rev", "refs/convert/parquet"), "info at revision");

        Assert.Equal(FakeHubServer.CommitOf("acme/rev", "refs/convert/parquet"), info.Sha);
        Assert.Equal(["default/train/0000.parquet"], info.Siblings.Select(s => s.Path));
        Assert.Contains(hub.Requests, r => r.RawTarget == "/api/datasets/acme/rev/revision/refs%2Fconvert%2Fparquet");
    }

    [Fact]
    public async Task GetDatasetInfo_UnknownRepo_ThrowsRepositoryNotFoundNamingIt()
    {
        await using var hub = await FakeHubServer.StartAsync();

        var error = await Assert.ThrowsAsync<HuggingFaceException>(() => HubTestClients.For(hub).GetDatasetInfoAsync("nobody/nothing"));

        Assert.Equal(HuggingFaceErrorKind.RepositoryNotFound, error.Kind);
        Assert.StartsWith("Dataset not found on the Hub: nobody/nothing", error.Message);
    }

    [Fact]
    public async Task GetDatasetInfo_UnknownRevision_ThrowsRevisionNotFound()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/revs", "a.txt", [1]);

        var error = await Assert.ThrowsAsync<HuggingFaceException>(() => HubTestClients.For(hub).GetDatasetInfoAsync("acme/revs", "v9"));

        Assert.Equal(HuggingFaceErrorKind.RevisionNotFound, error.Kind);
        Assert.Contains("'v9'", error.Message);
        Assert.Contains("acme/revs", error.Message);
    }

    [Fact]
    public async Task ListFiles_PaginatedListing_FollowsLinkHeaderToTheEnd()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.TreePageSize = 2;
        foreach (var path in new[] { "README.md", "data/a.parquet", "data/b.parquet", "data/sub/c.parquet", "z.csv" })
        {
            hub.AddDatasetFile("acme/pages", path, HubTestClients.Bytes(10), lfs: path.EndsWith(".parquet", StringComparison.Ordinal));
        }

        var entries = await Wait.ForAsync(HubTestClients.For(hub).ListDatasetFilesAsync("acme/pages"), "paginated listing");

        Assert.Equal(["data/a.parquet", "data/b.parquet", "data/sub/c.parquet", "README.md", "z.csv"],
            entries.Where(e => e.IsFile).Select(e => e.Path).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(["data", "data/sub"], entries.Where(e => !e.IsFile).Select(e => e.Path));
        Assert.All(entries.Where(e => e.Path.EndsWith(".parquet", StringComparison.Ordinal)), e => Assert.NotNull(e.LfsSha256));
        Assert.Equal(4, hub.Requests.Count(r => r.RawTarget.StartsWith("/api/datasets/acme/pages/tree/main", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ListFiles_EntryEscapingTheRepo_RefusesTheWholeListing()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/evil", "data/ok.csv", [1]);
        hub.AddDatasetFile("acme/evil", "../evil", [2]);

        var error = await Assert.ThrowsAsync<HuggingFaceException>(() => HubTestClients.For(hub).ListDatasetFilesAsync("acme/evil"));

        Assert.Equal(HuggingFaceErrorKind.UnsafePath, error.Kind);
        // The listing names the folder ".." before "../evil"; either way nothing of it is returned.
        Assert.StartsWith("Refused unsafe path '..", error.Message);
        Assert.Contains("'..' segment", error.Message);
    }

    [Fact]
    public async Task GetParquetConversion_SeveralConfigsAndShards_ListsShardsInIndexOrder()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddParquetConversion("acme/pq", "default", "train", [1], [2], [3]);
        hub.AddParquetConversion("acme/pq", "default", "test", [4]);
        hub.AddParquetConversion("acme/pq", "other", "train", [5]);

        var conversion = await Wait.ForAsync(HubTestClients.For(hub).GetParquetConversionAsync("acme/pq"), "parquet listing");

        Assert.Equal(["default", "other"], conversion.ConfigNames);
        Assert.Equal(["test", "train"], conversion.SplitNames("default"));
        var train = conversion.GetShards("default", "train");
        Assert.Equal([0, 1, 2], train.Select(s => s.Index));
        Assert.Equal(new Uri(hub.BaseUrl, "api/datasets/acme/pq/parquet/default/train/2.parquet"), train[2].Url);
    }

    [Fact]
    public async Task GetParquetConversion_UnknownConfigOrSplit_ErrorListsWhatExists()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddParquetConversion("acme/pq2", "default", "train", [1]);
        var conversion = await Wait.ForAsync(HubTestClients.For(hub).GetParquetConversionAsync("acme/pq2"), "parquet listing");

        var config = Assert.Throws<HuggingFaceException>(() => conversion.GetShards("en", "train"));
        var split = Assert.Throws<HuggingFaceException>(() => conversion.GetShards("default", "validation"));

        Assert.Contains("Config 'en'", config.Message);
        Assert.Contains("available configs: default", config.Message);
        Assert.Contains("Split 'validation'", split.Message);
        Assert.Contains("available splits: train", split.Message);
    }

    [Fact]
    public async Task GetFileMetadata_LfsFile_ReturnsLinkedSizeEtagCommitAndCdnLocationWithoutCallingTheCdn()
    {
        await using var hub = await FakeHubServer.StartAsync();
        var bytes = HubTestClients.Bytes(5000);
        hub.AddDatasetFile("acme/meta", "data/train.parquet", bytes, lfs: true);

        var meta = await Wait.ForAsync(HubTestClients.For(hub).GetFileMetadataAsync(HubFile.Dataset("acme/meta", "data/train.parquet")), "HEAD");

        Assert.Equal(5000, meta.Size);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), meta.ETag);
        Assert.Equal(FakeHubServer.CommitOf("acme/meta"), meta.CommitSha);
        Assert.Equal(hub.CdnBaseUrl.Port, meta.Location?.Port);
        Assert.DoesNotContain(hub.Requests, r => r.Host == "cdn");
        Assert.All(hub.Requests, r => Assert.Equal("HEAD", r.Method));
    }

    [Fact]
    public async Task GetFileMetadata_RegularFile_ReturnsContentLengthAndGitBlobEtag()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/meta2", "README.md", "hello"u8.ToArray());

        var meta = await Wait.ForAsync(HubTestClients.For(hub).GetFileMetadataAsync(HubFile.Dataset("acme/meta2", "README.md")), "HEAD");

        Assert.Equal(5, meta.Size);
        Assert.Equal("b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0", meta.ETag); // git hash-object of "hello"
        Assert.Null(meta.Location);
    }

    [Fact]
    public async Task GetFileMetadata_UnknownFile_ThrowsEntryNotFoundNamingFileRepoAndRevision()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/meta3", "a.txt", [1]);

        var error = await Assert.ThrowsAsync<HuggingFaceException>(
            () => HubTestClients.For(hub).GetFileMetadataAsync(HubFile.Dataset("acme/meta3", "missing.csv")));

        Assert.Equal(HuggingFaceErrorKind.EntryNotFound, error.Kind);
        Assert.Equal("File not found on the Hub: missing.csv in dataset acme/meta3 at revision 'main'.", error.Message);
    }

    [Fact]
    public async Task Client_UnreachableEndpoint_GivesUpAfterBoundedRetries()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: every connection is refused

        var error = await Assert.ThrowsAsync<HuggingFaceException>(
            () => Wait.ForAsync(HubTestClients.For(new Uri($"http://127.0.0.1:{port}/")).GetDatasetInfoAsync("acme/x"), "retries to give up"));

        Assert.Equal(HuggingFaceErrorKind.Unavailable, error.Kind);
        Assert.Contains("failed 4 times", error.Message);
    }
}
