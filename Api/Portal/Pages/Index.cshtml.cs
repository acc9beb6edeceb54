using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Spaces.Api.Portal.Pages;

public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/spaces");
}
