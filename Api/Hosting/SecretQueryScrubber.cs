using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace Spaces.Api.Hosting;

/// <summary>
/// Browsers and workers put the hub's bearer token in the <c>access_token</c> query of WebSocket requests. The
/// instrumentations redact query values by default today; this keeps a token out of every exported span even when a
/// setting or a later version turns that off.
/// </summary>
internal sealed partial class SecretQueryScrubber : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = ["url.query", "url.full", "http.url", "http.target"];

    public override void OnEnd(Activity data)
    {
        foreach (var tag in UrlTags)
        {
            if (data.GetTagItem(tag) is string value && AccessToken().IsMatch(value))
            {
                data.SetTag(tag, AccessToken().Replace(value, "${name}=Redacted"));
            }
        }
    }

    [GeneratedRegex("(?<name>access_token)=[^&#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccessToken();
}
