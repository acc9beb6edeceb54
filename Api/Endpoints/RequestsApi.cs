using System.Security.Claims;
using Microsoft.Net.Http.Headers;
using Spaces.Api.Auth;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Silo.Blobs;
using Spaces.Silo.Runtime;
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

        group.MapPost("/{id}/cancel", async (string id, HttpContext context, IRequestQueries requests, GrainFactory grains, CancellationToken ct) =>
        {
            var request = await LoadVisibleAsync(id, context.User, requests, ct);
            if (context.User.IsWorker())
            {
                throw new SpacesException(ErrorCode.Forbidden, "Workers end requests with Fail, not cancel");
            }
            await grains.GetSpace(request.View.SpaceId).CancelAsync(id, "Cancelled by the user");
            return TypedResults.Ok((await requests.GetAsync(id, ct))!.View);
        });

        group.MapGet("/{id}/files/{name}", async (string id, string name, HttpContext context, IRequestQueries requests, IBlobStore blobs, CancellationToken ct) =>
        {
            var request = await LoadVisibleAsync(id, context.User, requests, ct);
            var file = request.Files.FirstOrDefault(f => f.Name == name) ?? throw new SpacesException(ErrorCode.FileNotFound, $"File not found: {name}");
            var content = await blobs.OpenReadAsync(file.BlobName, ct) ?? throw new SpacesException(ErrorCode.FileNotFound, $"File not found: {name}");
            context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            return TypedResults.Stream(content, file.ContentType, file.Name, enableRangeProcessing: true);
        });

        return group;
    }

    /// <summary>The request, if the caller may see it (<see cref="SpacesClaims.CanSee(System.Security.Claims.ClaimsPrincipal, RequestRecord)"/>).</summary>
    private static async Task<RequestRecord> LoadVisibleAsync(string id, ClaimsPrincipal user, IRequestQueries requests, CancellationToken ct)
    {
        var request = await requests.GetAsync(id, ct);
        return request is not null && user.CanSee(request) ? request : throw SpacesException.RequestNotFound(id);
    }
}
