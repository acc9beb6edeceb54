using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Spaces.Worker.SignalR;

/// <summary>The outcome of negotiate: where to open the WebSocket and with which bearer token.</summary>
/// <param name="WebSocketUrl">The ws(s) URL including the secret <c>id</c>; never logged.</param>
internal sealed record NegotiatedConnection(Uri HubUrl, Uri WebSocketUrl, string ConnectionId, string? AccessToken);

/// <summary>POST {hub}/negotiate?negotiateVersion=1, following redirects (TransportProtocols.md).</summary>
internal sealed class Negotiator(HttpClient http, ILogger logger)
{
    // The official clients give up after this many redirects.
    private const int MaximumRedirects = 100;

    public async Task<NegotiatedConnection> NegotiateAsync(Uri hubUrl, string? accessToken, CancellationToken cancellationToken)
    {
        for (var redirects = 0; redirects <= MaximumRedirects; redirects++)
        {
            using var document = await PostNegotiateAsync(hubUrl, accessToken, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (TryGetString(root, "error") is { } error)
            {
                throw new HubConnectionException($"The server refused the connection during negotiate: {error}");
            }

            if (root.TryGetProperty("ProtocolVersion", out _))
            {
                throw new HubConnectionException("The server is an ASP.NET (not ASP.NET Core) SignalR server, which this client does not support.");
            }

            if (TryGetString(root, "url") is { } redirectUrl)
            {
                hubUrl = new Uri(redirectUrl, UriKind.Absolute);
                accessToken = TryGetString(root, "accessToken") ?? accessToken;
                SignalRLog.NegotiateRedirected(logger, WithoutQuery(hubUrl));
                continue;
            }

            return ToConnection(hubUrl, root, accessToken);
        }

        throw new HubConnectionException("Negotiate redirection limit exceeded.");
    }

    /// <summary>The URL to show in logs and errors: the query may carry secrets.</summary>
    public static string WithoutQuery(Uri url) => url.GetLeftPart(UriPartial.Path);

    private async Task<JsonDocument> PostNegotiateAsync(Uri hubUrl, string? accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, NegotiateUrl(hubUrl)) { Content = new ByteArrayContent([]) };
        request.Headers.Accept.ParseAdd("*/*");
        // Makes authentication middleware answer 401 rather than redirect to a login page.
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new HubConnectionException($"Could not reach {WithoutQuery(hubUrl)}: {e.Message}", e.StatusCode, e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new HubConnectionException(
                    $"Negotiate with {WithoutQuery(hubUrl)} failed: {(int)response.StatusCode} {response.ReasonPhrase}",
                    response.StatusCode);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static NegotiatedConnection ToConnection(Uri hubUrl, JsonElement root, string? accessToken)
    {
        if (root.TryGetProperty("availableTransports", out var transports)
            && transports.ValueKind == JsonValueKind.Array
            && !transports.EnumerateArray().Any(t => TryGetString(t, "transport") == "WebSockets"))
        {
            throw new HubConnectionException("The server does not offer the WebSockets transport.");
        }

        var connectionId = TryGetString(root, "connectionId") ?? throw new HubConnectionException("Negotiate returned no connectionId.");
        // Negotiate version 0 has no token: the connection id plays its part.
        var connectionToken = TryGetString(root, "connectionToken") ?? connectionId;
        return new NegotiatedConnection(hubUrl, WebSocketUrl(hubUrl, connectionToken), connectionId, accessToken);
    }

    private static Uri NegotiateUrl(Uri hubUrl)
    {
        var builder = new UriBuilder(hubUrl);
        builder.Path = builder.Path.EndsWith('/') ? builder.Path + "negotiate" : builder.Path + "/negotiate";
        var query = builder.Query.TrimStart('?');
        if (!query.Contains("negotiateVersion=", StringComparison.Ordinal))
        {
            query = query.Length == 0 ? "negotiateVersion=1" : query + "&negotiateVersion=1";
        }

        builder.Query = query;
        return builder.Uri;
    }

    private static Uri WebSocketUrl(Uri hubUrl, string connectionToken)
    {
        var builder = new UriBuilder(hubUrl)
        {
            Scheme = hubUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
        };
        var query = builder.Query.TrimStart('?');
        var id = "id=" + Uri.EscapeDataString(connectionToken);
        builder.Query = query.Length == 0 ? id : query + "&" + id;
        return builder.Uri;
    }

    private static string? TryGetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
