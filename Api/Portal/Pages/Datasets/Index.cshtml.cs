using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spaces.Api.Auth;
using Spaces.Api.Portal.Rendering;
using Spaces.Silo.Stores;

namespace Spaces.Api.Portal.Pages.Datasets;

/// <summary>The signed-in user's datasets as live cards, and the import form.</summary>
public sealed class IndexModel(IDatasetQueries datasets) : PageModel
{
    public IReadOnlyList<DatasetDisplay> Datasets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var views = await datasets.ListAsync(User.IsAdmin() ? null : User.RequiredUserId(), cancellationToken);
        Datasets = [.. views.Select(v => new DatasetDisplay(v, null))];
    }

    /// <summary>One dataset's card, for the script to insert or redraw (a new import, a finished or failed job).</summary>
    public async Task<IActionResult> OnGetCardAsync(string datasetId, CancellationToken cancellationToken) =>
        await DatasetModel.LoadAsync(datasets, User, datasetId, cancellationToken) is { } dataset
            ? Partial("_DatasetCard", dataset)
            : NotFound();
}
