using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spaces.Grains.Abstractions;

namespace Spaces.Worker.Cli;

/// <summary>An API error, from the RFC 7807 problem details the API returns.</summary>
public sealed class SpacesApiException(HttpStatusCode status, string? code, string detail) : Exception(detail)
{
    public HttpStatusCode Status { get; } = status;

    public string? Code { get; } = code;
}

/// <summary>The three admin calls setup-space needs, with a cookie session (CONTRACT.md "Accounts and tokens").</summary>
public sealed class SpacesAdminClient : IDisposable
{
    private readonly HttpClient _http;

    public SpacesAdminClient(Uri host)
    {
        _http = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(host.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"),
        };
        // Keeps cookie authentication from redirecting to a login page instead of answering 401.
        _http.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");
    }

    public async Task LoginAsync(string username, string password, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("api/auth/login", new { username, password }, cancellationToken);
    }

    public async Task<string> CreateSpaceAsync(string name, string description, WebSocketInputs inputs, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("api/spaces", new { name, description, inputs }, cancellationToken);
        var space = await ReadAsync(response, cancellationToken);
        return RequiredString(space, "id");
    }

    /// <summary>Creates a worker token for the space; the secret is only ever returned here.</summary>
    public async Task<string> CreateTokenAsync(string name, string spaceId, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("api/tokens", new { name, space_ids = new[] { spaceId } }, cancellationToken);
        var token = await ReadAsync(response, cancellationToken);
        return RequiredString(token, "token");
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        var response = await _http.PostAsJsonAsync(path, body, SpacesJson.Options, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemAsync(response, cancellationToken);
        }
    }

    private static async Task<SpacesApiException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(text);
            var root = problem.RootElement;
            var detail = Optional(root, "detail") ?? Optional(root, "title") ?? response.ReasonPhrase ?? "request failed";
            return new SpacesApiException(response.StatusCode, Optional(root, "code"), detail);
        }
        catch (JsonException)
        {
            return new SpacesApiException(response.StatusCode, null, $"{(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }

    private static string RequiredString(JsonElement element, string name) =>
        Optional(element, name) ?? throw new SpacesApiException(HttpStatusCode.OK, null, $"The API response has no '{name}'.");

    private static string? Optional(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
}

/// <summary>The inputs a WebSocket space accepts; the prompt is always on.</summary>
public sealed record WebSocketInputs(bool Audio, bool Video, bool Image, bool File)
{
    public bool Prompt => true;
}
