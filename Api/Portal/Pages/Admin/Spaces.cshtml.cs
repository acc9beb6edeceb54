using Microsoft.AspNetCore.Mvc.RazorPages;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Stores;

namespace Spaces.Api.Portal.Pages.Admin;

/// <summary>Every space, to edit or delete; <c>?saved={id}</c> says which one the editor just saved.</summary>
public sealed class SpacesModel(ISpaceQueries spaces) : PageModel
{
    public IReadOnlyList<SpaceView> Spaces { get; private set; } = [];

    public SpaceView? Saved { get; private set; }

    public async Task OnGetAsync(string? saved, CancellationToken cancellationToken)
    {
        Spaces = await spaces.ListAsync(null, cancellationToken);
        Saved = Spaces.FirstOrDefault(s => s.Id == saved);
    }
}
