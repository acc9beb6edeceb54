using System.Net.Http.Headers;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Worker.Sdk;

/// <summary>Downloads request files from the API with the worker's token.</summary>
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

    public void Dispose() => _http.Dispose();

    private Uri Resolve(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? absolute
            : new Uri(_host, url.TrimStart('/'));

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}
