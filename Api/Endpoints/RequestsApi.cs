using System.Security.Claims;
using Microsoft.Net.Http.Headers;
using Spaces.Api.Auth;
using Spaces.Api.Uploads;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Silo.Blobs;
using Orleans;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Stores;

namespace Spaces.Api.Endpoints;

public static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/requests").WithTags("Requests").RequireAuthorization(AuthSetup.AnyCallerPolicy);

        group.MapGet("/", async (string? spaceId, HttpContext context, IRequestQueries requests, CancellationToken ct) =>
            TypedResults.Ok(await requests.ListBySubmitterAsync(context.User.RequiredUserId(), spaceId, 100, ct)))
            .RequireAuthorization(AuthSetup.UserPolicy);

        group.MapGet("/{id}", async (string id, HttpContext context, IRequestQueries requests, CancellationToken ct) =>
            TypedResults.Ok((await LoadVisibleAsync(id, context.User, requests, ct)).View));

        group.MapPost("/{id}/cancel", async (string id, HttpContext context, IRequestQueries requests, IGrainFactory grains, CancellationToken ct) =>
        {
            var request = await LoadVisibleAsync(id, context.User, requests, ct);
            if (context.User.IsWorker())
            {
                throw new SpacesException(ErrorCode.Forbidden, "Workers end requests with Fail, not cancel");
            }
            await grains.GetGrain<ISpaceGrain>(request.View.SpaceId).CancelAsync(id, "Cancelled by the user");
            return TypedResults.Ok((await requests.GetAsync(id, ct))!.View);
        });

        group.MapGet("/{id}/files/{name}", async (string id, string name, HttpContext context, IRequestQueries requests, IBlobStore blobs, CancellationToken ct) =>
        {
            var request = await LoadVisibleAsync(id, context.User, requests, ct);
            var file = request.Files.FirstOrDefault(f => f.Name == name) ?? throw FileNotFound(name);
            return await StreamAsync(context, blobs, file.BlobName, file.Name, file.ContentType, inline: false, ct);
        });

        // Only the space's worker uploads: under the worker policy, a token sees a request only if it is scoped to its space.
        group.MapPut("/{id}/results/{name}", async (
            string id, string name, HttpContext context, IRequestQueries requests, ResultFileUploads uploads, CancellationToken ct) =>
        {
            var file = await uploads.UploadAsync(context, await LoadVisibleAsync(id, context.User, requests, ct), name);
            return TypedResults.Created(file.Url, file);
        }).RequireAuthorization(AuthSetup.WorkerPolicy);

        group.MapGet("/{id}/results/{name}", async (
            string id, string name, HttpContext context, IRequestQueries requests, IGrainFactory grains, IBlobStore blobs, CancellationToken ct) =>
        {
            await LoadVisibleAsync(id, context.User, requests, ct);
            var file = await grains.GetGrain<IRequestGrain>(id).GetResultFileAsync(name) ?? throw FileNotFound(name);
            return await StreamAsync(context, blobs, file.BlobName, file.Name, file.ContentType, ResultFileDisposition.IsInline(file.ContentType), ct);
        });

        return group;
    }

    /// <summary>A stored file, with ranges; the browser is told not to guess its type, and shows it inline only when asked to.</summary>
    private static async Task<IResult> StreamAsync(
        HttpContext context, IBlobStore blobs, string blobName, string name, string contentType, bool inline, CancellationToken ct)
    {
        var content = await blobs.OpenReadAsync(blobName, ct) ?? throw FileNotFound(name);
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName(name);
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentDisposition = disposition.ToString();
        return TypedResults.Stream(content, contentType, enableRangeProcessing: true);
    }

    private static SpacesException FileNotFound(string name) => new(ErrorCode.FileNotFound, $"File not found: {name}");

    /// <summary>The request, if the caller may see it (<see cref="SpacesClaims.CanSee(System.Security.Claims.ClaimsPrincipal, RequestRecord)"/>).</summary>
    private static async Task<RequestRecord> LoadVisibleAsync(string id, ClaimsPrincipal user, IRequestQueries requests, CancellationToken ct)
    {
        var request = await requests.GetAsync(id, ct);
        return request is not null && user.CanSee(request) ? request : throw SpacesException.RequestNotFound(id);
    }
}
