using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Stores;

namespace Spaces.Api.Portal.Pages.Admin;

/// <summary>Every space's worker and queue. The badge and queue size follow the status channel; the times are redrawn from here.</summary>
public sealed class OperationsModel(ISpaceQueries spaces, TimeProvider time) : PageModel
{
    public IReadOnlyList<SpaceView> Spaces { get; private set; } = [];

    /// <summary>The server's clock when it rendered, so the page's ticking ages do not depend on the browser's clock.</summary>
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Spaces = await spaces.ListAsync(null, cancellationToken);
    }

    /// <summary>One space's row, for the script to take its times from after the space's status changed.</summary>
    public async Task<IActionResult> OnGetRowAsync(string spaceId, CancellationToken cancellationToken) =>
        await spaces.GetAsync(spaceId, cancellationToken) is { } space
            ? Partial("_OperationsRow", new OperationsRow(space, time.GetUtcNow()))
            : NotFound();
}

public sealed record OperationsRow(SpaceView Space, DateTimeOffset Now)
{
    /// <summary>The times the row shows, as the script can compute them from a status snapshot, to tell whether they changed.</summary>
    public string Stamp => string.Join(':', Ms(Space.Worker.ConnectedAt), Ms(Space.Worker.LastSeenAt), Ms(Space.OldestQueuedAt));

    private static string Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
