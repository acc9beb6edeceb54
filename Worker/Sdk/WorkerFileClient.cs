using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Worker.Sdk;

/// <summary>Downloads request files and uploads result files on the API, with the worker's token.</summary>
internal sealed class WorkerFileClient : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly Uri _host;
    private readonly string _token;

    public WorkerFileClient(Uri host, string token)
    {
        _host = host;
        _token = token;
    }

    /// <summary>The response body as a stream; the caller disposes it (which also releases the response).</summary>
    public async Task<Stream> OpenAsync(WorkerFile file, CancellationToken cancellationToken)
    {
        var url = Resolve(file.Url);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        // The token only goes to the Spaces host, never to a URL elsewhere the server might have handed out.
        if (SameOrigin(url, _host))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var status = response.StatusCode;
            response.Dispose();
            throw new HttpRequestException($"Downloading file '{file.Name}' failed: {(int)status} {status}", null, status);
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]> ReadAsync(WorkerFile file, CancellationToken cancellationToken)
    {
        await using var stream = await OpenAsync(file, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream(file.Size is > 0 and < int.MaxValue ? (int)file.Size : 0);
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>PUT /api/requests/{id}/results/{name}: the file's descriptor, or the server's refusal (code, detail) thrown.</summary>
    public async Task<ResultFileView> UploadAsync(
        string requestId, string name, string contentType, Stream content, CancellationToken cancellationToken)
    {
        var path = $"api/requests/{Uri.EscapeDataString(requestId)}/results/{Uri.EscapeDataString(name)}";
        // Not disposed: that would dispose the caller's stream with the content. Nothing else in it holds resources.
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_host, path)) { Content = new StreamContent(content) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        // The server may refuse (not processing, too large) on the headers alone; then the body is never sent.
        request.Headers.ExpectContinue = true;
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
            var status = response.StatusCode;
            throw new HttpRequestException($"Uploading result file '{name}' failed: {(int)status} {problem}", null, status);
        }
        return await response.Content.ReadFromJsonAsync<ResultFileView>(SpacesJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException($"Uploading result file '{name}' returned no descriptor");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>"code: detail" from the problem details the API answers with, or the status text.</summary>
    private static async Task<string> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            return $"{problem.GetProperty("code").GetString()}: {problem.GetProperty("detail").GetString()}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or NotSupportedException)
        {
            return response.ReasonPhrase ?? response.StatusCode.ToString();
        }
    }

    private Uri Resolve(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? absolute
            : new Uri(_host, url.TrimStart('/'));

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}
