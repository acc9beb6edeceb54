using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Spaces.HuggingFace;

/// <summary>
/// Sends requests with redirects followed by hand, so the token goes only to the configured endpoint's origin:
/// a cross-host redirect (a pre-signed CDN URL) is followed without <c>Authorization</c>. Also owns the retry policy.
/// </summary>
internal sealed class HubTransport(HttpClient http, HuggingFaceOptions options, ILogger logger)
{
    public HuggingFaceOptions Options => options;

    public bool HasToken => !string.IsNullOrEmpty(options.Token);

    /// <summary>
    /// Sends one request; redirects are followed up to <see cref="HuggingFaceOptions.MaxRedirects"/> hops. With
    /// <paramref name="followCrossHost"/> false, a redirect to another origin is returned to the caller (HEAD metadata).
    /// Network failures and 5xx/429 answers surface as <see cref="HubTransientException"/>; other failures as
    /// <see cref="HuggingFaceException"/>. The caller disposes the successful response.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, Uri url, HubTarget target, bool followCrossHost, Action<HttpRequestMessage>? configure, CancellationToken ct)
    {
        var current = url;
        for (var hop = 0; ; hop++)
        {
            var response = await SendOnceAsync(method, current, configure, ct).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode))
            {
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }

                using (response)
                {
                    if (HubErrors.IsTransient(response.StatusCode))
                    {
                        throw new HubTransientException($"the Hub answered {(int)response.StatusCode} {response.ReasonPhrase}");
                    }

                    throw await HubErrors.FromResponseAsync(response, target, HasToken, ct).ConfigureAwait(false);
                }
            }

            var next = RedirectTarget(response, current, target);
            if (!followCrossHost && !HubPaths.SameOrigin(next, current))
            {
                return response;
            }

            response.Dispose();
            if (hop + 1 > options.MaxRedirects)
            {
                throw new HuggingFaceException(HuggingFaceErrorKind.TooManyRedirects,
                    $"Too many redirects (more than {options.MaxRedirects}) for {target.Describe()}.");
            }

            var authorization = !HasToken ? "none" : MaySendToken(next) ? "kept" : "dropped (other host)";
            HubClientLog.Redirect(logger, hop + 1, HubPaths.Redact(next), authorization);
            current = next;
        }
    }

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, retrying transient failures with exponential backoff.</summary>
    public async Task<T> RetryAsync<T>(HubTarget target, Func<CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await attempt(ct).ConfigureAwait(false);
            }
            catch (HubTransientException e)
            {
                await BackOffOrThrowAsync(target, failures, e, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits before attempt <paramref name="failures"/> + 1, or throws once the retry budget is spent.</summary>
    public async Task BackOffOrThrowAsync(HubTarget target, int failures, HubTransientException error, CancellationToken ct)
    {
        var maxAttempts = options.MaxRetries + 1;
        if (failures >= maxAttempts)
        {
            throw new HuggingFaceException(HuggingFaceErrorKind.Unavailable,
                $"The Hub request for {target.Describe()} failed {failures} times in a row; last error: {error.Message}", inner: error);
        }

        var delay = TimeSpan.FromTicks(Math.Min(options.MaxRetryDelay.Ticks, options.RetryDelay.Ticks << Math.Min(failures - 1, 20)));
        HubClientLog.Retrying(logger, target.Describe(), failures, maxAttempts, delay.TotalMilliseconds, error.Message);
        await Task.Delay(delay, ct).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri url, Action<HttpRequestMessage>? configure, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        if (HasToken && MaySendToken(url))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        }

        configure?.Invoke(request);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new HubTransientException($"{e.Message} ({HubPaths.Redact(url)})", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new HubTransientException($"timed out waiting for {HubPaths.Redact(url)}", e);
        }
    }

    private bool MaySendToken(Uri url) => HubPaths.SameOrigin(url, options.Endpoint);

    private static Uri RedirectTarget(HttpResponseMessage response, Uri current, HubTarget target)
    {
        var location = response.Headers.Location;
        var next = location is null ? null : location.IsAbsoluteUri ? location : new Uri(current, location);
        if (next is null || (next.Scheme != Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttp))
        {
            response.Dispose();
            throw new HuggingFaceException(HuggingFaceErrorKind.InvalidResponse,
                $"The Hub sent a redirect without a usable http(s) Location for {target.Describe()}.");
        }

        return next;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
