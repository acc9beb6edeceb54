using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spaces.Api.Uploads;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Stores;

namespace Spaces.Api.Portal.Pages.Admin;

/// <summary>
/// The space editor: <c>/admin/spaces/new</c> creates, <c>/admin/spaces/{id}</c> edits. Its script saves through the
/// REST API (<c>POST</c> or <c>PATCH /api/spaces</c>, then <c>PUT</c> or <c>DELETE /api/spaces/{id}/cover</c>).
/// </summary>
public sealed class SpaceEditorModel(ISpaceQueries spaces, SpaceCovers covers) : PageModel
{
    public const string NewId = "new";

    /// <summary>The space being edited; null when creating one.</summary>
    public SpaceView? Space { get; private set; }

    public long MaxCoverBytes => covers.MaxBytes;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (id == NewId)
        {
            return Page();
        }
        Space = await spaces.GetAsync(id, cancellationToken);
        return Space is null ? NotFound() : Page();
    }
}
