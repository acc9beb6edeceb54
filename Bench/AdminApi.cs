using System.Net;
using System.Net.Http.Json;
using Spaces.Grains.Abstractions;

namespace Spaces.Bench;

/// <summary>
/// The REST calls the benchmark makes, with the admin's cookie session (CONTRACT.md "Accounts and tokens", "Spaces and requests").
/// </summary>
public sealed class AdminApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly CookieContainer _cookies = new();

    public AdminApi(Uri baseAddress)
    {
        BaseAddress = baseAddress;
        var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = _cookies };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        // Keeps cookie authentication from redirecting to a login page instead of answering 401.
        _http.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");
    }

    public Uri BaseAddress { get; }

    /// <summary>The session cookie after <see cref="LoginAsync"/>, for a hub connection that signs in as this admin.</summary>
    public string CookieHeader => _cookies.GetCookieHeader(BaseAddress);

    public async Task LoginAsync(string username, string password, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("api/auth/login", new { username, password }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.NoContent, "POST /api/auth/login", cancellationToken);
    }

    /// <returns>The new space's id.</returns>
    public async Task<string> CreateSpaceAsync(string name, CancellationToken cancellationToken)
    {
        var body = new { name, description = "spaces-bench", inputs = new { prompt = true } };
        using var response = await PostAsync("api/spaces", body, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, "POST /api/spaces", cancellationToken);
        return (await ReadAsync<Created>(response, cancellationToken)).Id;
    }

    /// <returns>The token's secret.</returns>
    public async Task<string> CreateTokenAsync(string name, IReadOnlyList<string> spaceIds, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("api/tokens", new { name, space_ids = spaceIds }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, "POST /api/tokens", cancellationToken);
        return (await ReadAsync<CreatedToken>(response, cancellationToken)).Token;
    }

    /// <returns>The request id.</returns>
    public async Task<string> SubmitAsync(string spaceId, string prompt, CancellationToken cancellationToken)
    {
        using var response = await PostAsync($"api/spaces/{spaceId}/requests", new { prompt }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Accepted, "POST /api/spaces/{id}/requests", cancellationToken);
        return (await ReadAsync<Accepted>(response, cancellationToken)).RequestId;
    }

    /// <returns>The request's status: queued, processing, completed, failed or cancelled.</returns>
    public async Task<string> GetStatusAsync(string requestId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/requests/{requestId}", cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, "GET /api/requests/{id}", cancellationToken);
        return (await ReadAsync<RequestView>(response, cancellationToken)).Status;
    }

    /// <summary>GET of <paramref name="path"/> with the admin's cookie, which must answer 200; for timing the path, the body is not read.</summary>
    public async Task GetOkAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, $"GET /{path}", cancellationToken);
    }

    /// <returns>The new dataset's id; the import runs as a job on the host.</returns>
    public async Task<string> ImportDatasetAsync(string repoId, string split, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("api/datasets", new { repo_id = repoId, split }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Accepted, "POST /api/datasets", cancellationToken);
        return (await ReadAsync<Created>(response, cancellationToken)).Id;
    }

    public async Task<DatasetState> GetDatasetAsync(string datasetId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/datasets/{datasetId}", cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, "GET /api/datasets/{id}", cancellationToken);
        return await ReadAsync<DatasetState>(response, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private Task<HttpResponseMessage> PostAsync(string path, object body, CancellationToken cancellationToken) =>
        _http.PostAsJsonAsync(path, body, SpacesJson.Options, cancellationToken);

    private static async Task EnsureAsync(
        HttpResponseMessage response, HttpStatusCode expected, string call, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var message = $"{call} answered {(int)response.StatusCode} (expected {(int)expected}): {body}";
            throw new HttpRequestException(message, null, response.StatusCode);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(SpacesJson.Options, cancellationToken)
        ?? throw new InvalidOperationException($"The response to {response.RequestMessage?.RequestUri} had an empty body.");

    private sealed record Created(string Id);

    private sealed record CreatedToken(string Id, string Token);

    private sealed record Accepted(string RequestId, int Position);

    private sealed record RequestView(string Status);

    /// <summary>What the benchmark reads of a dataset: pending, downloading, ready or error, and the import's outcome.</summary>
    public sealed record DatasetState(string Status, long? NumSamples, long? SizeBytes, string? Error);
}
