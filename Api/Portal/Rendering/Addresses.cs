using Microsoft.AspNetCore.Http.HttpResults;

namespace Spaces.Api.Portal.Rendering;

public static class Addresses
{
    /// <summary>
    /// Whether a page may load an address it was handed (a cover, a result file): a path on this site or an https
    /// URL. Protocol-relative (<c>//host</c>) and other schemes (<c>javascript:</c>, <c>data:</c>) are never shown.
    /// </summary>
    public static bool IsShowable(string? address) =>
        address is not null
        && ((address.StartsWith('/') && RedirectHttpResult.IsLocalUrl(address))
            || address.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
