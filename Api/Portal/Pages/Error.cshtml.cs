using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spaces.Api.Portal.Text;

namespace Spaces.Api.Portal.Pages;

/// <summary>The page people see for a status without a body (403, 404, 500), re-executed by the status code middleware.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(PortalText text) : PageModel
{
    public string Title { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public void OnGet(int status) => Describe(status);

    public void OnPost(int status) => Describe(status);

    private void Describe(int status)
    {
        var known = status is 403 or 404 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "other";
        Title = text[$"error.page.{known}.title"];
        Explanation = text[$"error.page.{known}.text"];
        // Reached directly (not re-executed), the page still answers with the status it describes.
        Response.StatusCode = status is >= 400 and < 600 ? status : StatusCodes.Status404NotFound;
    }
}
