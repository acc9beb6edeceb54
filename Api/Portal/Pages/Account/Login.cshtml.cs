using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spaces.Api.Auth;
using Spaces.Api.Errors;
using Spaces.Api.Portal.Text;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Portal.Pages.Account;

/// <summary>
/// Sign-in. The old portal's scripts post <c>username</c> and <c>password</c> to <c>/login</c> without an
/// antiforgery token and expect a redirect, so this form takes the same post.
/// </summary>
[IgnoreAntiforgeryToken]
[EnableRateLimiting(SignInLimits.PerAddressPolicy)]
public sealed class LoginModel(PasswordSignIn accounts, PortalText text) : PageModel
{
    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            await accounts.SignInAsync(HttpContext, Username, Password);
            return LocalRedirect(PortalSetup.LocalUrl(ReturnUrl));
        }
        catch (SpacesException refusal)
        {
            Error = text.Message(refusal);
            Response.StatusCode = ErrorStatus.Of(refusal.Code);
            return Page();
        }
    }
}
