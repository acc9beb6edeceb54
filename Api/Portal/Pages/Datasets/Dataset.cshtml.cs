using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Spaces.Api.Auth;
using Spaces.Api.Portal.Rendering;
using Spaces.Grains.Datasets;
using Spaces.Silo.Stores;

namespace Spaces.Api.Portal.Pages.Datasets;

/// <summary>One dataset: overview, sample preview, tokenization and statistics, live while a job runs.</summary>
public sealed class DatasetModel(IDatasetQueries datasets, IOptions<DatasetGrainOptions> options) : PageModel
{
    private DatasetDisplay? _dataset;

    public DatasetDisplay Dataset => _dataset ?? throw new InvalidOperationException("The dataset is read in OnGetAsync");

    /// <summary>The largest max_length the service accepts, for the form's validation.</summary>
    public int MaxLengthLimit => options.Value.MaxLengthLimit;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        _dataset = await LoadAsync(datasets, User, id, cancellationToken);
        return _dataset is null ? NotFound() : Page();
    }

    /// <summary>The parts of the page that follow the dataset's state, for the script to swap in when a job starts, ends or fails.</summary>
    public async Task<IActionResult> OnGetRegionsAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(datasets, User, id, cancellationToken) is { } dataset
            ? Partial("_DatasetRegions", dataset)
            : NotFound();

    /// <summary>The dataset with the seq of its progress channel read in the same snapshot, if the user may see it.</summary>
    internal static async Task<DatasetDisplay?> LoadAsync(IDatasetQueries datasets, ClaimsPrincipal user, string id, CancellationToken cancellationToken)
    {
        var dataset = await datasets.GetAsync(id, cancellationToken);
        return dataset is not null && user.CanSee(dataset) ? new DatasetDisplay(dataset.View, dataset.Seq) : null;
    }
}
