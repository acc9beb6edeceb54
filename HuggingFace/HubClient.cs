using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Spaces.HuggingFace;

/// <summary>
/// Client of the Hugging Face Hub HTTP API (dataset info, file listing, Parquet conversion listing, HEAD metadata,
/// resumable downloads). Give it an <see cref="HttpClient"/> whose handler does NOT follow redirects
/// (<see cref="CreateHandler"/>): redirects are followed here so the token never reaches another host.
/// </summary>
public sealed partial class HubClient
{
    private readonly HubTransport _transport;
    private readonly HuggingFaceOptions _options;
    private readonly ILogger _logger;

    public HubClient(HttpClient httpClient, HuggingFaceOptions options, ILogger<HubClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Endpoint.IsAbsoluteUri || (options.Endpoint.Scheme != Uri.UriSchemeHttps && options.Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"{HuggingFaceOptions.SectionName}:Endpoint must be an absolute http(s) URL.", nameof(options));
        }

        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _transport = new HubTransport(httpClient, options, _logger);
    }

    public Uri Endpoint => _options.Endpoint;

    /// <summary>A handler fit for this client: no automatic redirects, no decompression (Content-Length is the real size).</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary><c>GET /api/datasets/{repo}</c>, or <c>…/revision/{revision}</c> when a revision is given.</summary>
    public Task<DatasetInfo> GetDatasetInfoAsync(string repoId, string? revision = null, CancellationToken ct = default)
    {
        var path = HubPaths.ApiRepoPath(RepoKind.Dataset, repoId) + (revision is null ? "" : $"/revision/{HubPaths.EncodeRevision(revision)}");
        var target = new HubTarget(RepoKind.Dataset, repoId, revision);
        return GetJsonAsync(HubPaths.Combine(Endpoint, path), target, (root, _) => HubJson.ParseDatasetInfo(root, repoId), ct);
    }

    /// <summary>
    /// Every entry under <paramref name="path"/> (the whole repo by default), following the listing's
    /// <c>Link: rel="next"</c> pages. A single unsafe path (<c>..</c>, leading <c>/</c>, backslash, control character)
    /// fails the whole listing with <see cref="HuggingFaceErrorKind.UnsafePath"/>.
    /// </summary>
    public async Task<IReadOnlyList<RepoEntry>> ListFilesAsync(
        RepoKind kind, string repoId, string revision = HubFile.DefaultRevision, string? path = null, bool recursive = true, CancellationToken ct = default)
    {
        var target = new HubTarget(kind, repoId, revision, path);
        var relative = $"{HubPaths.ApiRepoPath(kind, repoId)}/tree/{HubPaths.EncodeRevision(revision)}"
            + (path is null ? "" : "/" + HubPaths.EncodePath(path))
            + $"?recursive={(recursive ? "true" : "false")}&expand=false";
        var source = $"the file listing of {target.Describe()}";
        var entries = new List<RepoEntry>();
        var seen = new HashSet<Uri>();
        Uri? next = HubPaths.Combine(Endpoint, relative);
        while (next is not null)
        {
            if (!seen.Add(next) || !HubPaths.SameOrigin(next, Endpoint))
            {
                throw new HuggingFaceException(HuggingFaceErrorKind.InvalidResponse,
                    $"Unexpected answer from the Hub: {source} links to a repeated or foreign next page.");
            }

            var (page, nextPage) = await GetJsonAsync(next, target, (root, response) => (HubJson.ParseTreePage(root, source).ToList(), NextLink(response)), ct)
                .ConfigureAwait(false);
            entries.AddRange(page);
            next = nextPage;
        }

        return entries;
    }

    /// <summary>Shorthand for the files of a dataset repo at a revision.</summary>
    public Task<IReadOnlyList<RepoEntry>> ListDatasetFilesAsync(string repoId, string revision = HubFile.DefaultRevision, CancellationToken ct = default) =>
        ListFilesAsync(RepoKind.Dataset, repoId, revision, ct: ct);

    /// <summary><c>GET /api/datasets/{repo}/parquet</c>: the viewer's Parquet conversion (branch <c>refs/convert/parquet</c>).</summary>
    public Task<ParquetConversion> GetParquetConversionAsync(string repoId, CancellationToken ct = default)
    {
        var target = new HubTarget(RepoKind.Dataset, repoId, HubFile.ParquetRevision);
        var url = HubPaths.Combine(Endpoint, $"{HubPaths.ApiRepoPath(RepoKind.Dataset, repoId)}/parquet");
        return GetJsonAsync(url, target, (root, _) => HubJson.ParseParquetListing(root, repoId), ct);
    }

    /// <summary>
    /// HEAD on the resolve URL with same-origin redirects only, as the official clients do: commit, etag and size
    /// (<c>X-Linked-Size</c> for LFS files, else <c>Content-Length</c> of a non-redirect answer), and the CDN location.
    /// </summary>
    public Task<HubFileMetadata> GetFileMetadataAsync(HubFile file, CancellationToken ct = default)
    {
        var target = HubTarget.For(file);
        var url = HubPaths.ResolveUrl(Endpoint, file);
        return _transport.RetryAsync(target, async token =>
        {
            using var response = await _transport.SendAsync(HttpMethod.Head, url, target, followCrossHost: false, AcceptIdentity, token)
                .ConfigureAwait(false);
            var redirected = (int)response.StatusCode is >= 300 and < 400;
            var etag = Header(response.Headers, "X-Linked-Etag") ?? response.Headers.ETag?.Tag;
            var size = long.TryParse(Header(response.Headers, "X-Linked-Size"), out var linked) ? linked
                : redirected ? null : response.Content.Headers.ContentLength;
            var location = redirected && response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(url, l)) : null;
            return new HubFileMetadata(Header(response.Headers, "X-Repo-Commit"), NormalizeEtag(etag), size, location);
        }, ct);
    }

    private Task<T> GetJsonAsync<T>(Uri url, HubTarget target, Func<JsonElement, HttpResponseMessage, T> parse, CancellationToken ct) =>
        _transport.RetryAsync(target, async token =>
        {
            using var response = await _transport.SendAsync(HttpMethod.Get, url, target, followCrossHost: true, AcceptJson, token)
                .ConfigureAwait(false);
            JsonDocument document;
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                document = await JsonDocument.ParseAsync(body, cancellationToken: token).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new HuggingFaceException(HuggingFaceErrorKind.InvalidResponse,
                    $"Unexpected answer from the Hub: the reply for {target.Describe()} is not valid JSON.", response.StatusCode, e);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new HubTransientException($"the reply for {target.Describe()} broke off: {e.Message}", e);
            }

            using (document)
            {
                return parse(document.RootElement, response);
            }
        }, ct);

    private static void AcceptJson(HttpRequestMessage request) => request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

    /// <summary>Identity encoding so Content-Length is the real size.</summary>
    private static void AcceptIdentity(HttpRequestMessage request) => request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));

    private static Uri? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (Match match in NextLinkPattern().Matches(string.Join(",", values)))
        {
            var link = match.Groups["url"].Value;
            return Uri.TryCreate(response.RequestMessage?.RequestUri, link, out var next) ? next : null;
        }

        return null;
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>Strips <c>W/</c> and quotes, as the official client does.</summary>
    internal static string? NormalizeEtag(string? etag)
    {
        if (string.IsNullOrEmpty(etag))
        {
            return null;
        }

        var tag = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
        return tag.Trim('"');
    }

    [GeneratedRegex("""<(?<url>[^>]*)>\s*;[^,]*\brel\s*=\s*"?next"?""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NextLinkPattern();
}
