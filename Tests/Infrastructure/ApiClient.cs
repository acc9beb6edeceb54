using Spaces.Grains.Abstractions.Datasets;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Tests.Infrastructure;

/// <summary>A signed-in user of the real API, with its own cookie jar.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly CookieContainer _cookies = new();

    private ApiClient(string baseUrl, IPAddress? source = null)
    {
        HttpMessageHandler handler = source is null
            ? new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }
            : LoopbackSource.Handler(source, _cookies);
        Http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
    }

    public HttpClient Http { get; }

    public static async Task<ApiClient> AdminAsync(SpacesHost host) => await SignInAsync(host.BaseUrl, "admin", SpacesHost.AdminPassword);

    /// <summary>The password of every user <see cref="NewUserAsync"/> registers.</summary>
    public const string NewUserPassword = "password-123";

    public static async Task<ApiClient> NewUserAsync(SpacesHost host, string? name = null)
    {
        var client = new ApiClient(host.BaseUrl);
        var username = name ?? $"user{Guid.NewGuid():N}"[..20];
        var registered = await client.Http.PostAsJsonAsync("/api/auth/register", new { username, password = NewUserPassword });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        await client.LoginAsync(username, NewUserPassword);
        return client;
    }

    public static async Task<ApiClient> SignInAsync(string baseUrl, string username, string password)
    {
        var client = new ApiClient(baseUrl);
        await client.LoginAsync(username, password);
        return client;
    }

    public static ApiClient Anonymous(SpacesHost host) => new(host.BaseUrl);

    /// <summary>A client whose connections come from another loopback address (see <see cref="LoopbackSource"/>).</summary>
    public static ApiClient AnonymousFrom(SpacesHost host, IPAddress source) => new(host.BaseUrl, source);

    private async Task LoginAsync(string username, string password)
    {
        var response = await Http.PostAsJsonAsync("/api/auth/login", new { username, password });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"sign-in of {username}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The session cookie, for clients that are not this HttpClient (the JS client, a WebSocket).</summary>
    public string CookieHeader => _cookies.GetCookieHeader(Http.BaseAddress!);

    public async Task<SpaceView> CreateSpaceAsync(string name, SpaceInputs? inputs = null)
    {
        var response = await Http.PostAsJsonAsync("/api/spaces", new { name, description = "test space", inputs = inputs ?? new SpaceInputs() }, SpacesJson.Options);
        return await ReadAsync<SpaceView>(response, HttpStatusCode.Created);
    }

    public async Task<string> CreateTokenAsync(params string[] spaceIds)
    {
        var response = await Http.PostAsJsonAsync("/api/tokens", new { name = "test worker", space_ids = spaceIds });
        var body = await ReadAsync<JsonElement>(response, HttpStatusCode.Created);
        return body.GetProperty("token").GetString()!;
    }

    public Task<HttpResponseMessage> SubmitAsync(string spaceId, string prompt) =>
        Http.PostAsJsonAsync($"/api/spaces/{spaceId}/requests", new { prompt });

    public async Task<RequestAccepted> SubmitOkAsync(string spaceId, string prompt) =>
        await ReadAsync<RequestAccepted>(await SubmitAsync(spaceId, prompt), HttpStatusCode.Accepted);

    public async Task<HttpResponseMessage> SubmitMultipartAsync(string spaceId, string prompt, params (string Field, string FileName, string ContentType, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(prompt), "prompt" } };
        foreach (var (field, fileName, contentType, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(content, field, fileName);
        }
        // As a careful client does with uploads: the server can refuse (413, 503) before the body is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/spaces/{spaceId}/requests") { Content = form };
        request.Headers.ExpectContinue = true;
        return await Http.SendAsync(request);
    }

    public async Task<RequestView> GetRequestAsync(string requestId) =>
        await ReadAsync<RequestView>(await Http.GetAsync($"/api/requests/{requestId}"), HttpStatusCode.OK);

    public async Task<DatasetView> ImportDatasetAsync(string repo, string split) =>
        await ReadAsync<DatasetView>(await Http.PostAsJsonAsync("/api/datasets", new { repo_id = repo, split }), HttpStatusCode.Accepted);

    public async Task<DatasetView> GetDatasetAsync(string datasetId) =>
        await ReadAsync<DatasetView>(await Http.GetAsync($"/api/datasets/{datasetId}"), HttpStatusCode.OK);

    /// <summary>Waits until the dataset's job has ended (ready or error) and returns it as it then stands.</summary>
    public async Task<DatasetView> SettledDatasetAsync(string datasetId, string what)
    {
        DatasetView? view = null;
        await Wait.UntilAsync(async () => !DatasetStatuses.IsBusy((view = await GetDatasetAsync(datasetId)).Status), what, TimeSpan.FromSeconds(60));
        return view!;
    }

    /// <summary>Waits for the request to finish and asserts that it completed (the failure names its status and error).</summary>
    public async Task<RequestView> CompletedAsync(string requestId)
    {
        RequestView? view = null;
        await Wait.UntilAsync(
            async () => RequestStatuses.IsFinished((view = await GetRequestAsync(requestId)).Status), $"request {requestId} to finish");
        Assert.True(view!.Status == RequestStatuses.Completed, $"request {requestId} ended {view.Status}: {view.Error}");
        return view;
    }

    public async Task<SpaceView> GetSpaceAsync(string spaceId) =>
        await ReadAsync<SpaceView>(await Http.GetAsync($"/api/spaces/{spaceId}"), HttpStatusCode.OK);

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, SpacesJson.Options)!;
    }

    /// <summary>Asserts an RFC 7807 problem with the given status and code, and returns its detail.</summary>
    public static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem.GetProperty("detail").GetString() ?? "";
    }

    public void Dispose() => Http.Dispose();
}
