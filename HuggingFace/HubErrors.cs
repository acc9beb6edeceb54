using System.Net;
using System.Net.Http.Headers;

namespace Spaces.HuggingFace;

/// <summary>Maps a failed Hub response to a <see cref="HuggingFaceException"/> whose message says what to do.</summary>
internal static class HubErrors
{
    private const string TokenSetting = "Spaces:HuggingFace:Token";

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    public static async Task<HuggingFaceException> FromResponseAsync(HttpResponseMessage response, HubTarget target, bool hasToken, CancellationToken ct)
    {
        var code = Header(response.Headers, "X-Error-Code");
        var hubMessage = Header(response.Headers, "X-Error-Message");
        var body = await ReadShortBodyAsync(response, ct).ConfigureAwait(false);
        var status = response.StatusCode;
        var detail = hubMessage is null ? "" : $" (Hub: {hubMessage})";

        if (body.Contains("Access to this resource is disabled", StringComparison.OrdinalIgnoreCase))
        {
            return new(HuggingFaceErrorKind.Disabled, $"{target.Noun} {target.RepoId} is disabled on the Hub.", status);
        }

        switch (code)
        {
            case "GatedRepo":
                var gatedAdvice = hasToken
                    ? "the token's user has not been granted access; accept the conditions on the repo page"
                    : $"set {TokenSetting} to a token whose user accepted its conditions";
                return new(HuggingFaceErrorKind.Gated, $"{target.Noun} {target.RepoId} is gated on the Hub: {gatedAdvice}.{detail}", status);
            case "RepoNotFound":
                return RepoNotFound(target, hasToken, status);
            case "RevisionNotFound":
                return new(HuggingFaceErrorKind.RevisionNotFound,
                    $"Revision not found on the Hub: '{target.Revision}' of {target.Noun.ToLowerInvariant()} {target.RepoId}.", status);
            case "EntryNotFound":
                return new(HuggingFaceErrorKind.EntryNotFound, $"File not found on the Hub: {target.Describe()}.", status);
        }

        return status switch
        {
            HttpStatusCode.Unauthorized when !hasToken => new(HuggingFaceErrorKind.Unauthorized,
                $"{target.Noun} {target.RepoId} was not found or needs authentication: if it is private or gated, set {TokenSetting}.{detail}",
                status),
            HttpStatusCode.Unauthorized => new(HuggingFaceErrorKind.Unauthorized,
                $"The Hub rejected the configured token for {target.Describe()} (401): check {TokenSetting}.{detail}", status),
            HttpStatusCode.Forbidden => new(HuggingFaceErrorKind.Forbidden,
                $"The Hub refused access to {target.Describe()} (403){(hasToken ? "" : $"; set {TokenSetting} if it is private or gated")}.{detail}",
                status),
            HttpStatusCode.NotFound when target.Path is not null => new(HuggingFaceErrorKind.EntryNotFound,
                $"Not found on the Hub: {target.Describe()}.{detail}", status),
            HttpStatusCode.NotFound => RepoNotFound(target, hasToken, status),
            _ => new(HuggingFaceErrorKind.HttpError,
                $"The Hub answered {(int)status} {response.ReasonPhrase} for {target.Describe()}.{detail}", status),
        };
    }

    private static HuggingFaceException RepoNotFound(HubTarget target, bool hasToken, HttpStatusCode status)
    {
        var advice = hasToken ? "" : $" (if it is private, set {TokenSetting})";
        return new(HuggingFaceErrorKind.RepositoryNotFound, $"{target.Noun} not found on the Hub: {target.RepoId}{advice}.", status);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>Error bodies are short; read at most 4 KB so a misbehaving server cannot make us buffer a file.</summary>
    private static async Task<string> ReadShortBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var buffer = new byte[4096];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return "";
        }
    }
}
