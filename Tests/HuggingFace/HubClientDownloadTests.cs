using Spaces.HuggingFace;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Infrastructure.FakeHub;

namespace Spaces.Tests.HuggingFace;

public sealed class HubClientDownloadTests
{
    private const string Token = "hf_test_secret_0123456789";

    [Fact]
    public async Task Download_RegularFile_WritesBytesAndReportsProgressUpToTheTotal()
    {
        await using var hub = await FakeHubServer.StartAsync();
        var bytes = HubTestClients.Bytes(300_000);
        hub.AddDatasetFile("acme/dl", "data/train.jsonl", bytes);
        var progress = new RecordingProgress<DownloadProgress>();
        using var output = new MemoryStream();

        var written = await Wait.ForAsync(
            HubTestClients.For(hub).DownloadAsync(HubFile.Dataset("acme/dl", "data/train.jsonl"), output, progress), "download");

        Assert.Equal(bytes.Length, written);
        Assert.Equal(bytes, output.ToArray());
        Assert.True(progress.Reports.Count > 1, "expected several progress reports");
        Assert.Equal(new DownloadProgress(bytes.Length, bytes.Length), progress.Reports[^1]);
        Assert.Equal(progress.Reports.Select(p => p.BytesReceived).Order(), progress.Reports.Select(p => p.BytesReceived));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Download_ConnectionDroppedMidBody_ResumesWithRangeAndIsByteIdentical(bool lfs)
    {
        await using var hub = await FakeHubServer.StartAsync();
        var bytes = HubTestClients.Bytes(1_000_000, seed: 3);
        hub.AddDatasetFile("acme/resume", "big.bin", bytes, lfs: lfs);
        hub.FailNextDownloadAfter(400_000);
        using var output = new MemoryStream();

        await Wait.ForAsync(HubTestClients.For(hub).DownloadAsync(HubFile.Dataset("acme/resume", "big.bin"), output), "download with resume");

        Assert.Equal(bytes, output.ToArray());
        var bodies = hub.Requests.Where(r => r.Host == (lfs ? "cdn" : "hub")).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Null(bodies[0].Range);
        var resumedAt = long.Parse(bodies[1].Range!["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(400_000, resumedAt);
    }

    [Fact]
    public async Task Download_ServerIgnoresRangeAfterDrop_RestartsFromZeroAndIsByteIdentical()
    {
        await using var hub = await FakeHubServer.StartAsync();
        var bytes = HubTestClients.Bytes(500_000, seed: 5);
        hub.AddDatasetFile("acme/norange", "big.bin", bytes);
        hub.IgnoreRangeRequests = true;
        hub.FailNextDownloadAfter(200_000);
        var progress = new RecordingProgress<DownloadProgress>();
        using var output = new MemoryStream();
        output.Write("prefix"u8); // the download appends after what the stream already holds, and restarts there

        var written = await Wait.ForAsync(
            HubTestClients.For(hub).DownloadAsync(HubFile.Dataset("acme/norange", "big.bin"), output, progress), "download with restart");

        Assert.Equal(bytes.Length, written);
        Assert.Equal([.. "prefix"u8.ToArray(), .. bytes], output.ToArray());
        Assert.Contains(progress.Reports, p => p.BytesReceived == 0);
        Assert.NotNull(hub.Requests[^1].Range);
    }

    [Fact]
    public async Task Download_ServerIgnoresRangeIntoUnseekableStream_FailsWithAClearMessage()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/noseek", "big.bin", HubTestClients.Bytes(200_000));
        hub.IgnoreRangeRequests = true;
        hub.FailNextDownloadAfter(50_000);
        await using var output = new UnseekableStream();

        var error = await Assert.ThrowsAsync<HuggingFaceException>(
            () => Wait.ForAsync(HubTestClients.For(hub).DownloadAsync(HubFile.Dataset("acme/noseek", "big.bin"), output), "download"));

        Assert.Equal(HuggingFaceErrorKind.TransferFailed, error.Kind);
        Assert.Contains("cannot be rewound", error.Message);
    }

    [Fact]
    public async Task Download_ParquetShard_FollowsApiRedirectToEncodedParquetRevisionThenCdn()
    {
        await using var hub = await FakeHubServer.StartAsync();
        var shard0 = HubTestClients.Bytes(1000, seed: 7);
        var shard1 = HubTestClients.Bytes(2000, seed: 8);
        hub.AddParquetConversion("acme/shards", "default", "train", shard0, shard1);
        var client = HubTestClients.For(hub);
        var conversion = await Wait.ForAsync(client.GetParquetConversionAsync("acme/shards"), "parquet listing");
        using var output = new MemoryStream();

        await Wait.ForAsync(client.DownloadAsync(conversion.GetShards("default", "train")[1], output), "shard download");

        Assert.Equal(shard1, output.ToArray());
        Assert.Contains(hub.Requests, r => r.RawTarget == "/datasets/acme/shards/resolve/refs%2Fconvert%2Fparquet/default/train/0001.parquet");
    }

    [Fact]
    public async Task Download_CrossHostRedirect_DropsTheTokenForTheCdn()
    {
        await using var hub = await FakeHubServer.StartAsync();
        var bytes = HubTestClients.Bytes(10_000);
        hub.AddDatasetFile("acme/gated-lfs", "data.parquet", bytes, lfs: true);
        hub.RequireToken("acme/gated-lfs", Token);
        using var output = new MemoryStream();

        await Wait.ForAsync(HubTestClients.For(hub, Token).DownloadAsync(HubFile.Dataset("acme/gated-lfs", "data.parquet"), output), "download");

        Assert.Equal(bytes, output.ToArray());
        Assert.Equal($"Bearer {Token}", Assert.Single(hub.Requests, r => r.Host == "hub").Authorization);
        Assert.Null(Assert.Single(hub.Requests, r => r.Host == "cdn").Authorization);
        Assert.DoesNotContain(hub.Requests, r => r.RawTarget.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Download_SameHostRedirectOfRenamedRepo_KeepsTheToken()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/new-name", "a.txt", "renamed"u8.ToArray());
        hub.RequireToken("acme/new-name", Token);
        hub.RenameRepo("acme/old-name", "acme/new-name");
        using var output = new MemoryStream();

        await Wait.ForAsync(HubTestClients.For(hub, Token).DownloadAsync(HubFile.Dataset("acme/old-name", "a.txt"), output), "download");

        Assert.Equal("renamed"u8.ToArray(), output.ToArray());
        var hubRequests = hub.Requests.Where(r => r.Host == "hub").ToList();
        Assert.Equal(["/datasets/acme/old-name/resolve/main/a.txt", "/datasets/acme/new-name/resolve/main/a.txt"], hubRequests.Select(r => r.RawTarget));
        Assert.All(hubRequests, r => Assert.Equal($"Bearer {Token}", r.Authorization));
    }

    [Fact]
    public async Task Download_RedirectLoop_StopsWithTooManyRedirects()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.RenameRepo("acme/ping", "acme/pong");
        hub.RenameRepo("acme/pong", "acme/ping");

        var error = await Assert.ThrowsAsync<HuggingFaceException>(
            () => HubTestClients.For(hub).DownloadAsync(HubFile.Dataset("acme/ping", "a.txt"), Stream.Null));

        Assert.Equal(HuggingFaceErrorKind.TooManyRedirects, error.Kind);
        Assert.Equal(6, hub.Requests.Count);
    }

    [Fact]
    public async Task Download_GatedRepoWithoutToken_ThrowsGatedSayingWhichSettingToSet()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/gated", "a.txt", [1]);
        hub.RequireToken("acme/gated", Token);

        var error = await Assert.ThrowsAsync<HuggingFaceException>(
            () => HubTestClients.For(hub).DownloadAsync(HubFile.Dataset("acme/gated", "a.txt"), Stream.Null));

        Assert.Equal(HuggingFaceErrorKind.Gated, error.Kind);
        Assert.StartsWith("Dataset acme/gated is gated on the Hub: set Spaces:HuggingFace:Token", error.Message);
    }

    [Fact]
    public async Task Download_GatedRepoWithWrongToken_ThrowsGatedWithoutLeakingTheToken()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/gated2", "a.txt", [1]);
        hub.RequireToken("acme/gated2", Token);

        var error = await Assert.ThrowsAsync<HuggingFaceException>(
            () => HubTestClients.For(hub, "hf_wrong_token").DownloadAsync(HubFile.Dataset("acme/gated2", "a.txt"), Stream.Null));

        Assert.Equal(HuggingFaceErrorKind.Gated, error.Kind);
        Assert.Contains("not been granted access", error.Message);
        Assert.DoesNotContain("hf_wrong_token", error.Message);
    }

    [Fact]
    public async Task Download_GatedRepoWithToken_SucceedsAndInfoShowsTheGate()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/gated3", "a.txt", "ok"u8.ToArray());
        hub.RequireToken("acme/gated3", Token);
        var client = HubTestClients.For(hub, Token);
        using var output = new MemoryStream();

        var info = await Wait.ForAsync(client.GetDatasetInfoAsync("acme/gated3"), "info");
        await Wait.ForAsync(client.DownloadAsync(HubFile.Dataset("acme/gated3", "a.txt"), output), "download");

        Assert.Equal("manual", info.Gated);
        Assert.Equal("ok"u8.ToArray(), output.ToArray());
    }

    [Fact]
    public async Task Download_UnknownRepoOrFile_ThrowsClearNotFoundErrors()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/files", "a.txt", [1]);
        var client = HubTestClients.For(hub);

        var repo = await Assert.ThrowsAsync<HuggingFaceException>(() => client.DownloadAsync(HubFile.Dataset("foo/bar", "a.txt"), Stream.Null));
        var file = await Assert.ThrowsAsync<HuggingFaceException>(() => client.DownloadAsync(HubFile.Dataset("acme/files", "b.txt"), Stream.Null));
        var revision = await Assert.ThrowsAsync<HuggingFaceException>(
            () => client.DownloadAsync(HubFile.Dataset("acme/files", "a.txt", "v2"), Stream.Null));

        Assert.Equal(HuggingFaceErrorKind.RepositoryNotFound, repo.Kind);
        Assert.StartsWith("Dataset not found on the Hub: foo/bar", repo.Message);
        Assert.Equal(HuggingFaceErrorKind.EntryNotFound, file.Kind);
        Assert.Equal("File not found on the Hub: b.txt in dataset acme/files at revision 'main'.", file.Message);
        Assert.Equal(HuggingFaceErrorKind.RevisionNotFound, revision.Kind);
    }

    [Theory]
    [InlineData("gpt2", "/gpt2/resolve/main/tokenizer.json")]
    [InlineData("openai-community/gpt2", "/openai-community/gpt2/resolve/main/tokenizer.json")]
    public async Task Download_ModelFile_UsesTheModelResolveUrl(string repo, string expectedTarget)
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddModelFile(repo, "tokenizer.json", "{\"model\":{}}"u8.ToArray());
        using var output = new MemoryStream();

        await Wait.ForAsync(HubTestClients.For(hub).DownloadAsync(HubFile.Model(repo, "tokenizer.json"), output), "model file");

        Assert.Equal("{\"model\":{}}"u8.ToArray(), output.ToArray());
        Assert.Equal(expectedTarget, Assert.Single(hub.Requests).RawTarget);
    }

    [Fact]
    public async Task Download_PathWithSpacesAndPinnedCommit_EncodesSegmentsAndResolvesTheCommit()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/enc", "data dir/train #1.csv", "a,b"u8.ToArray());
        using var output = new MemoryStream();
        var commit = FakeHubServer.CommitOf("acme/enc");

        await Wait.ForAsync(HubTestClients.For(hub).DownloadAsync(HubFile.Dataset("acme/enc", "data dir/train #1.csv", commit), output), "download");

        Assert.Equal("a,b"u8.ToArray(), output.ToArray());
        Assert.Equal($"/datasets/acme/enc/resolve/{commit}/data%20dir/train%20%231.csv", Assert.Single(hub.Requests).RawTarget);
    }

    [Fact]
    public async Task DownloadToFolder_NestedPath_CreatesTheFileUnderTheFolder()
    {
        await using var hub = await FakeHubServer.StartAsync();
        hub.AddDatasetFile("acme/folder", "data/nested/x.txt", "x"u8.ToArray());
        using var folder = new TempFolder();

        var path = await Wait.ForAsync(
            HubTestClients.For(hub).DownloadToFolderAsync(HubFile.Dataset("acme/folder", "data/nested/x.txt"), folder.Path), "download");

        Assert.Equal(Path.Combine(folder.Path, "data", "nested", "x.txt"), path);
        Assert.Equal("x", await File.ReadAllTextAsync(path));
    }

    private sealed class UnseekableStream : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
