using System.Security.Claims;
using Orleans;
using Spaces.Api.Auth;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Silo.Blobs;
using Spaces.Silo.Datasets;
using Spaces.Silo.Stores;

namespace Spaces.Api.Endpoints;

public static class DatasetsApi
{
    public sealed record ImportBody(string? RepoId, string? Config, string? Split, string? Revision);

    public sealed record TokenizeBody(string? TokenizerName, int? MaxLength, int? Stride);

    public static RouteGroupBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/datasets").WithTags("Datasets").RequireAuthorization(AuthSetup.UserPolicy);

        group.MapPost("/", async (ImportBody body, HttpContext context, IGrainFactory grains) =>
        {
            var split = string.IsNullOrWhiteSpace(body.Split) ? "train" : body.Split.Trim();
            SplitSpecs.Parse(split);
            var import = new DatasetImport(body.RepoId?.Trim() ?? "", Blank(body.Config), split, Blank(body.Revision));
            var dataset = await grains.GetGrain<IDatasetGrain>(Guid.NewGuid().ToString("N")).ImportAsync(import, context.User.RequiredUserId());
            return TypedResults.Accepted($"/api/datasets/{dataset.Id}", dataset);
        });

        group.MapGet("/", async (HttpContext context, IDatasetQueries datasets, CancellationToken ct) =>
            TypedResults.Ok(await datasets.ListAsync(context.User.IsAdmin() ? null : context.User.RequiredUserId(), ct)));

        group.MapGet("/{id}", async (string id, HttpContext context, IDatasetQueries datasets, CancellationToken ct) =>
            TypedResults.Ok((await LoadVisibleAsync(id, context.User, datasets, ct)).View));

        group.MapPost("/{id}/tokenize", async (string id, TokenizeBody body, HttpContext context, IDatasetQueries datasets, IGrainFactory grains) =>
        {
            await LoadVisibleAsync(id, context.User, datasets, context.RequestAborted);
            var settings = new TokenizeSettings(body.TokenizerName?.Trim() ?? "", body.MaxLength ?? 512, body.Stride ?? 0);
            var dataset = await grains.GetGrain<IDatasetGrain>(id).TokenizeAsync(settings);
            return TypedResults.Accepted($"/api/datasets/{id}", dataset);
        });

        group.MapGet("/{id}/samples", async (string id, int? offset, int? limit, HttpContext context, IDatasetQueries datasets, DatasetSamples samples) =>
        {
            var dataset = await LoadVisibleAsync(id, context.User, datasets, context.RequestAborted);
            if (offset < 0 || limit is < 1 or > 100)
            {
                throw new SpacesException(ErrorCode.InvalidInput, "offset must be 0 or more and limit from 1 to 100");
            }
            return TypedResults.Ok(await samples.ReadAsync(dataset.View, offset ?? 0, limit ?? 10, context.RequestAborted));
        });

        group.MapDelete("/{id}", async (string id, HttpContext context, IDatasetQueries datasets, IGrainFactory grains, IBlobStore blobs) =>
        {
            await LoadVisibleAsync(id, context.User, datasets, context.RequestAborted);
            await grains.GetGrain<IDatasetGrain>(id).DeleteAsync();
            await blobs.DeletePrefixAsync(BlobNames.DatasetPrefix(id), CancellationToken.None);
            return TypedResults.NoContent();
        });

        return group;
    }

    /// <summary>The dataset, if the caller may see it.</summary>
    internal static async Task<DatasetRecord> LoadVisibleAsync(string id, ClaimsPrincipal user, IDatasetQueries datasets, CancellationToken ct)
    {
        var dataset = await datasets.GetAsync(id, ct);
        return dataset is not null && user.CanSee(dataset)
            ? dataset
            : throw new SpacesException(ErrorCode.DatasetNotFound, $"Dataset not found: {id}");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
