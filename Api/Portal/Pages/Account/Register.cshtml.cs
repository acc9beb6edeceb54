using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spaces.Api.Auth;
using Spaces.Api.Errors;
using Spaces.Api.Portal.Text;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Portal.Pages.Account;

public sealed class RegisterModel(PasswordSignIn accounts, PortalText text) : PageModel
{
    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Password != ConfirmPassword)
        {
            Error = text["auth.passwordsDiffer"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        try
        {
            await accounts.RegisterAsync(Username, Password, isAdmin: false, HttpContext.RequestAborted);
            await accounts.SignInAsync(HttpContext, Username, Password);
            return LocalRedirect("/spaces");
        }
        catch (SpacesException refusal)
        {
            Error = text.Message(refusal);
            Response.StatusCode = ErrorStatus.Of(refusal.Code);
            return Page();
        }
    }
}
