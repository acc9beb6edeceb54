using Microsoft.Net.Http.Headers;

namespace Spaces.Api.Endpoints;

/// <summary>
/// How a browser may treat a result file opened directly. Media and plain text are shown inline, so a page can embed
/// them and a link opens them; everything else is an attachment, so an uploaded page or script never runs on this
/// origin. XML types (<c>*+xml</c>, such as SVG, an image that can carry script) are attachments too, whatever their
/// top-level type says (an img element still shows an SVG).
/// </summary>
public static class ResultFileDisposition
{
    public static bool IsInline(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } type)
        {
            return false;
        }
        if (type.EndsWith("+xml", StringComparison.OrdinalIgnoreCase) || type.EndsWith("/xml", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return type.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("video/", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}
