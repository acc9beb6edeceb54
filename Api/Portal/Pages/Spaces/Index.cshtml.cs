using Microsoft.AspNetCore.Mvc.RazorPages;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Stores;

namespace Spaces.Api.Portal.Pages.Spaces;

public sealed class IndexModel(ISpaceQueries spaces) : PageModel
{
    public IReadOnlyList<SpaceView> Spaces { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Spaces = await spaces.ListAsync(null, cancellationToken);
}
