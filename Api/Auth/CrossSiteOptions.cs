namespace Spaces.Api.Auth;

/// <summary>Origins besides the service's own whose pages may post to it with a session cookie (key <c>Spaces:AllowedOrigins</c>).</summary>
public sealed class CrossSiteOptions
{
    /// <summary>Extra origins such as <c>https://portal.example.com</c>; none by default.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    internal static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.GetLeftPart(UriPartial.Authority).Equals(value.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
