using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Orleans;
using Spaces.Grains.Abstractions.Accounts;

namespace Spaces.Api.Auth;

/// <summary>
/// The cookie handler's check on every request: the cookie's session must still be live in the user's grain. A valid,
/// unexpired cookie is otherwise accepted on its signature alone, so sign-out could not revoke a copy of it. The grain
/// read is in memory once the grain is active; nothing is cached past the request, so an ended session fails at once.
/// </summary>
public static class SessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        // Cookies issued before sessions existed carry no session id: they are refused like ended ones.
        var live = principal?.UserId() is { } userId && principal.SessionId() is { } session
            && await context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(userId).IsSessionLiveAsync(session);
        if (!live)
        {
            context.RejectPrincipal();
            // Tell the browser to drop the dead cookie rather than send it on every request.
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
