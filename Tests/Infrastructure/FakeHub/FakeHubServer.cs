using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Spaces.Tests.Infrastructure.FakeHub;

/// <summary>
/// A local stand-in for the Hugging Face Hub (PROTOCOLS.md §3): dataset and model info, the tree listing (paginated),
/// the Parquet conversion listing, <c>resolve</c> downloads with HEAD metadata and Range, gated repos, renamed repos
/// (same-host 307), and a second "CDN" origin that LFS files redirect to and that records whether it got a token.
/// Two Kestrel apps on 127.0.0.1 with free ports; dispose to stop both.
/// </summary>
public sealed class FakeHubServer : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly Dictionary<string, FakeHubRepo> _repos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _renamed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeHubFile> _cdnBlobs = new(StringComparer.Ordinal);
    private readonly List<FakeHubRequest> _requests = [];
    private readonly WebApplication _hub;
    private readonly WebApplication _cdn;
    private long _failAfterBytes = -1;
    private long _failAtFileByte = -1;
    private TaskCompletionSource _slowDownloadsGo = Go();

    private FakeHubServer()
    {
        _hub = Build(context => new FakeHubHandler(this, context).HandleAsync());
        _cdn = Build(ServeCdnAsync);
    }

    /// <summary>The Hub endpoint, ending in '/': use it as <c>Spaces:HuggingFace:Endpoint</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The CDN origin: same host, another port, so it is another origin.</summary>
    public Uri CdnBaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Entries per page of the tree listing; set it small to exercise <c>Link: rel="next"</c>.</summary>
    public int TreePageSize { get; set; } = 1000;

    /// <summary>When true, file bodies ignore <c>Range</c> and answer 200 with the whole file.</summary>
    public bool IgnoreRangeRequests { get; set; }

    /// <summary>Every request so far, on both hosts, oldest first.</summary>
    public IReadOnlyList<FakeHubRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeHubServer> StartAsync()
    {
        var server = new FakeHubServer();
        await server._hub.StartAsync();
        await server._cdn.StartAsync();
        server.BaseUrl = new Uri(server._hub.Urls.First().TrimEnd('/') + "/");
        server.CdnBaseUrl = new Uri(server._cdn.Urls.First().TrimEnd('/') + "/");
        return server;
    }

    public void AddDatasetFile(string repo, string path, byte[] bytes, string revision = "main", bool lfs = false) =>
        AddFile("datasets", repo, path, FakeHubFile.FromBytes(bytes, lfs), revision);

    /// <summary>A dataset file whose downloads are throttled to <paramref name="bytesPerSecond"/>: an import slow enough to watch.</summary>
    public void AddSlowDatasetFile(string repo, string path, byte[] bytes, long bytesPerSecond) =>
        AddFile("datasets", repo, path, FakeHubFile.FromBytes(bytes, lfs: false, bytesPerSecond), "main");

    /// <summary>Serves a file from disk (large test files need no memory); LFS by default, as big files are on the Hub.</summary>
    public void AddDatasetFileFromDisk(string repo, string path, string localFile, string revision = "main", bool lfs = true) =>
        AddFile("datasets", repo, path, FakeHubFile.FromDisk(localFile, lfs), revision);

    public void AddModelFile(string repo, string path, byte[] bytes, string revision = "main", bool lfs = false) =>
        AddFile("models", repo, path, FakeHubFile.FromBytes(bytes, lfs), revision);

    /// <summary>
    /// Adds shards <c>{config}/{split}/{nnnn}.parquet</c> on <c>refs/convert/parquet</c> (LFS, so served via the CDN) and
    /// lists them in <c>/api/datasets/{repo}/parquet</c>.
    /// </summary>
    public void AddParquetConversion(string repo, string config, string split, params byte[][] files)
    {
        lock (_lock)
        {
            var target = Repo("datasets", repo);
            var splits = target.ParquetShards.TryGetValue(config, out var s) ? s : target.ParquetShards[config] = new(StringComparer.Ordinal);
            var first = splits.GetValueOrDefault(split);
            for (var i = 0; i < files.Length; i++)
            {
                target.FilesOf("refs/convert/parquet")[$"{config}/{split}/{first + i:D4}.parquet"] = FakeHubFile.FromBytes(files[i], lfs: true);
            }

            splits[split] = first + files.Length;
        }
    }

    /// <summary>Gates a repo: info and listing stay public, downloads and the Parquet listing need <c>Bearer {token}</c>.</summary>
    public void RequireToken(string repo, string token)
    {
        lock (_lock)
        {
            foreach (var kind in new[] { "datasets", "models" })
            {
                Repo(kind, repo).RequiredToken = token;
            }
        }
    }

    /// <summary>
    /// The info of <paramref name="repo"/> lists no <c>siblings</c>: a test then reaches the tree listing with
    /// entries that the info's own path check would otherwise refuse first.
    /// </summary>
    public void OmitSiblingsFromInfo(string repo)
    {
        lock (_lock)
        {
            Repo("datasets", repo).InfoListsSiblings = false;
        }
    }

    /// <summary>The Parquet listing of <paramref name="repo"/> is a bare 404, one way a Hub may say "never converted".</summary>
    public void AnswerParquetListingWithBare404(string repo)
    {
        lock (_lock)
        {
            Repo("datasets", repo).ParquetListingIsBare404 = true;
        }
    }

    /// <summary>Requests for <paramref name="oldRepo"/> get a relative 307 to <paramref name="newRepo"/>, as a renamed repo does.</summary>
    public void RenameRepo(string oldRepo, string newRepo)
    {
        lock (_lock)
        {
            _renamed[oldRepo] = newRepo;
        }
    }

    /// <summary>Holds every throttled download where it is (the connections stay open) until <see cref="ResumeSlowDownloads"/>.</summary>
    public void PauseSlowDownloads()
    {
        lock (_lock)
        {
            if (_slowDownloadsGo.Task.IsCompleted)
            {
                _slowDownloadsGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void ResumeSlowDownloads()
    {
        lock (_lock)
        {
            _slowDownloadsGo.TrySetResult();
        }
    }

    /// <summary>The next file body (Hub or CDN) stops after <paramref name="bytes"/> bytes and the connection is aborted; once.</summary>
    public void FailNextDownloadAfter(long bytes) => Interlocked.Exchange(ref _failAfterBytes, bytes);

    /// <summary>
    /// Every file body from now on breaks off at byte <paramref name="offset"/> of the file, as a link that always dies
    /// at the same point: the first attempt gets that far, every resumed one makes no progress, so the retries run out.
    /// </summary>
    public void FailEveryDownloadAtFileByte(long offset) => Interlocked.Exchange(ref _failAtFileByte, offset);

    /// <summary>The commit sha the fake reports for a revision (<c>sha</c>, <c>X-Repo-Commit</c>).</summary>
    public static string CommitOf(string repo, string revision = "main") => FakeHubRepo.CommitOf(repo, revision);

    public async ValueTask DisposeAsync()
    {
        await _hub.StopAsync();
        await _cdn.StopAsync();
        await _hub.DisposeAsync();
        await _cdn.DisposeAsync();
    }

    internal T WithState<T>(Func<Dictionary<string, FakeHubRepo>, IReadOnlyDictionary<string, string>, T> read)
    {
        lock (_lock)
        {
            return read(_repos, _renamed);
        }
    }

    internal void Record(string host, HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var auth = context.Request.Headers.Authorization.ToString();
        var range = context.Request.Headers.Range.ToString();
        lock (_lock)
        {
            _requests.Add(new FakeHubRequest(host, context.Request.Method, raw, auth.Length == 0 ? null : auth, range.Length == 0 ? null : range));
        }
    }

    /// <summary>Registers an LFS file with the CDN and returns its pre-signed-looking URL.</summary>
    internal Uri CdnUrlFor(FakeHubFile file)
    {
        lock (_lock)
        {
            _cdnBlobs[file.Sha256] = file;
        }

        return new Uri(CdnBaseUrl, $"blobs/{file.Sha256}?X-Amz-Signature={Guid.NewGuid():N}");
    }

    /// <summary>Completes at once unless throttled downloads are paused.</summary>
    internal Task SlowDownloadsMayGoAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            return _slowDownloadsGo.Task.WaitAsync(ct);
        }
    }

    /// <summary>How many bytes of a body that starts at file byte <paramref name="start"/> go out before the drop, if one is due.</summary>
    internal long? TakeFailure(long start)
    {
        var bytes = Interlocked.Exchange(ref _failAfterBytes, -1);
        if (bytes >= 0)
        {
            return bytes;
        }

        var atFileByte = Interlocked.Read(ref _failAtFileByte);
        return atFileByte >= 0 ? Math.Max(0, atFileByte - start) : null;
    }

    private void AddFile(string kind, string repo, string path, FakeHubFile file, string revision)
    {
        lock (_lock)
        {
            Repo(kind, repo).FilesOf(revision)[path] = file;
        }
    }

    private FakeHubRepo Repo(string kind, string id)
    {
        var key = $"{kind}/{id}";
        if (!_repos.TryGetValue(key, out var repo))
        {
            repo = new FakeHubRepo(kind, id);
            _repos[key] = repo;
        }

        return repo;
    }

    private async Task ServeCdnAsync(HttpContext context)
    {
        Record("cdn", context);
        var path = context.Request.Path.Value ?? "";
        FakeHubFile? blob = null;
        lock (_lock)
        {
            if (path.StartsWith("/blobs/", StringComparison.Ordinal))
            {
                blob = _cdnBlobs.GetValueOrDefault(path["/blobs/".Length..]);
            }
        }

        if (blob is null || !context.Request.Query.ContainsKey("X-Amz-Signature"))
        {
            context.Response.StatusCode = blob is null ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden;
            return;
        }

        context.Response.Headers.ETag = $"\"{blob.Sha256}\"";
        await FakeHubContent.ServeAsync(context, blob, this);
    }

    private static TaskCompletionSource Go()
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        go.SetResult();
        return go;
    }

    private static WebApplication Build(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handler);
        return app;
    }
}
