using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spaces.Api.Auth;

namespace Spaces.Api.Portal.Pages.Account;

/// <summary>Sign-out is a post (with the antiforgery token), so no link or image elsewhere can sign a user out.</summary>
public sealed class LogoutModel(PasswordSignIn accounts) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        // Ends the session in the user's grain too: a copy of the cookie is refused from now on.
        await accounts.SignOutAsync(HttpContext);
        return LocalRedirect("/login");
    }
}
