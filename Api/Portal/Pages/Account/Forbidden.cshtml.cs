using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Spaces.Api.Portal.Pages.Account;

/// <summary>Where a signed-in user lands on a page their account may not open (the admin pages): a 403 that says so.</summary>
public sealed class ForbiddenModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
