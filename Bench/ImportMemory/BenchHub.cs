using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Spaces.Bench.ImportMemory;

/// <summary>
/// Just enough of the Hugging Face Hub HTTP API for an import of a repo's raw files, serving generated JSON Lines or Parquet
/// files (one <see cref="IBenchFile"/> per repo): dataset info, an empty Parquet conversion listing (a dataset the viewer
/// never converted, so the import falls back to the repo's files), the tree listing, and <c>resolve</c> with HEAD,
/// Content-Length and Range. Kestrel on 127.0.0.1, on a free port.
/// </summary>
public sealed class BenchHub : IAsyncDisposable
{
    private const string Revision = "main";
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private readonly WebApplication _app;
    private readonly IReadOnlyDictionary<string, IBenchFile> _datasets;

    private BenchHub(WebApplication app, IReadOnlyDictionary<string, IBenchFile> datasets)
    {
        _app = app;
        _datasets = datasets;
    }

    /// <summary>The endpoint, ending in '/': the host's <c>Spaces:HuggingFace:Endpoint</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <param name="datasets">Repo id (<c>owner/name</c>) → the file it serves.</param>
    public static async Task<BenchHub> StartAsync(
        IReadOnlyDictionary<string, IBenchFile> datasets, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var hub = new BenchHub(app, datasets);
        hub.MapRoutes();
        await app.StartAsync(cancellationToken);
        hub.BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void MapRoutes()
    {
        _app.MapGet("/api/datasets/{owner}/{name}", (string owner, string name, HttpContext context) =>
            WithDataset(owner, name, context, file => Results.Json(new
            {
                id = $"{owner}/{name}",
                sha = Commit,
                @private = false,
                gated = false,
                disabled = false,
                siblings = new[] { new { rfilename = file.FileName } },
            })));
        _app.MapGet("/api/datasets/{owner}/{name}/parquet", (string owner, string name, HttpContext context) =>
            WithDataset(owner, name, context, _ => Results.Json(new { })));
        _app.MapGet("/api/datasets/{owner}/{name}/tree/{revision}", (string owner, string name, string revision, HttpContext context) =>
            WithDataset(owner, name, context, file => revision != Revision
                ? Error(context, StatusCodes.Status404NotFound, "RevisionNotFound", $"Invalid rev id: {revision}")
                : Results.Json(new[] { new { type = "file", oid = Commit, size = file.Length, path = file.FileName } })));
        _app.MapMethods("/datasets/{owner}/{name}/resolve/{revision}/{**path}", [HttpMethods.Get, HttpMethods.Head],
            (string owner, string name, string revision, string path, HttpContext context) =>
                WithDataset(owner, name, context, file => revision != Revision || path != file.FileName
                    ? Error(context, StatusCodes.Status404NotFound, "EntryNotFound", $"{path} does not exist on \"{revision}\"")
                    : new FileResult(file)));
    }

    private IResult WithDataset(string owner, string name, HttpContext context, Func<IBenchFile, IResult> answer) =>
        _datasets.TryGetValue($"{owner}/{name}", out var file)
            ? answer(file)
            : Error(context, StatusCodes.Status404NotFound, "RepoNotFound", "Repository not found");

    /// <summary>The Hub names its errors in headers; the client turns them into messages.</summary>
    private static IResult Error(HttpContext context, int status, string code, string message)
    {
        context.Response.Headers["X-Error-Code"] = code;
        context.Response.Headers["X-Error-Message"] = message;
        return Results.Json(new { error = message }, statusCode: status);
    }

    /// <summary>The file's bytes as the Hub serves them: HEAD, Content-Length, and <c>Range: bytes=N-</c> (206) for resumes.</summary>
    private sealed class FileResult(IBenchFile file) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.Headers.AcceptRanges = "bytes";
            response.Headers.ETag = $"\"{file.ETag}\"";
            response.Headers["X-Repo-Commit"] = Commit;
            response.ContentType = "application/octet-stream";
            var (from, to) = (0L, file.Length - 1);
            if (RequestedStart(httpContext.Request) is { } start)
            {
                if (start >= file.Length)
                {
                    response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                    response.Headers.ContentRange = $"bytes */{file.Length}";
                    return;
                }

                from = start;
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = $"bytes {from}-{to}/{file.Length}";
            }

            response.ContentLength = to - from + 1;
            if (!HttpMethods.IsHead(httpContext.Request.Method))
            {
                await file.WriteAsync(response.Body, from, to, httpContext.RequestAborted);
            }
        }

        /// <summary>Where a <c>Range: bytes=N-</c> asks to start, unless If-Range names another version of the file.</summary>
        private long? RequestedStart(HttpRequest request)
        {
            if (!RangeHeaderValue.TryParse(request.Headers.Range.ToString(), out var range) || range.Ranges.Count != 1
                || range.Ranges.First().From is not { } start)
            {
                return null;
            }

            var ifRange = request.Headers.IfRange.ToString();
            return ifRange.Length == 0 || ifRange.Trim('"') == file.ETag ? start : null;
        }
    }
}
