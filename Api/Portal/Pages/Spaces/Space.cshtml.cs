using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spaces.Api.Auth;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Stores;

namespace Spaces.Api.Portal.Pages.Spaces;

/// <summary>A space: its live status, the submission form, and the signed-in user's own requests.</summary>
public sealed class SpaceModel(ISpaceQueries spaces, IRequestQueries requests) : PageModel
{
    public const int RecentRequests = 50;

    public SpaceView Space { get; private set; } = null!;

    public IReadOnlyList<RequestView> Requests { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (await spaces.GetAsync(id, cancellationToken) is not { } space)
        {
            return NotFound();
        }
        Space = space;
        Requests = await requests.ListBySubmitterAsync(User.RequiredUserId(), id, RecentRequests, cancellationToken);
        return Page();
    }

    /// <summary>One request's item, for the script to insert or redraw (a new submission, a finished request).</summary>
    public async Task<IActionResult> OnGetRequestAsync(string id, string requestId, CancellationToken cancellationToken)
    {
        var request = await requests.GetAsync(requestId, cancellationToken);
        if (request is null || request.View.SpaceId != id || !User.CanSee(request))
        {
            return NotFound();
        }
        return Partial("_RequestItem", request.View);
    }
}
