using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Spaces.Api.Auth;
using Spaces.Api.Errors;
using Spaces.Api.Portal.Text;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Portal.Pages.Settings;

/// <summary>
/// Changing one's password (signed in; antiforgery like the portal's other forms). The same rules and counting as
/// <c>POST /api/auth/password</c>; a refusal says which rule failed, and a wrong current password keeps the user signed in.
/// </summary>
[EnableRateLimiting(SignInLimits.PerAddressPolicy)]
public sealed class PasswordModel(PasswordSignIn accounts, PortalText text) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Changed { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (NewPassword != ConfirmPassword)
        {
            return Refused(text["auth.passwordsDiffer"], StatusCodes.Status400BadRequest);
        }
        try
        {
            await accounts.ChangePasswordAsync(HttpContext, CurrentPassword, NewPassword);
            // Post, redirect, get: a reload does not post the passwords again.
            return LocalRedirect("/account/password?changed=true");
        }
        catch (SpacesException refusal)
        {
            return Refused(text.Message(refusal), ErrorStatus.Of(refusal.Code));
        }
    }

    private PageResult Refused(string error, int status)
    {
        Error = error;
        Changed = false;
        Response.StatusCode = status;
        return Page();
    }
}
