using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Portal.Text;

public static class Problems
{
    /// <summary>
    /// The message for a refusal: the portal's own words for its code (<c>error.{Code}</c>) when it has them,
    /// else the server's detail, which may carry specifics such as the caret under a bad split spec.
    /// The scripts do the same (<c>problem()</c> in text.js).
    /// </summary>
    public static string Message(this PortalText text, SpacesException refusal) =>
        text.TryGet($"error.{refusal.Code}") ?? refusal.Detail;
}
