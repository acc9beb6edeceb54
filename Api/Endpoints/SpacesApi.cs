using Spaces.Api.Auth;
using Spaces.Api.Uploads;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Blobs;
using Orleans;
using Spaces.Silo.Stores;

namespace Spaces.Api.Endpoints;

public static class SpacesApi
{
    public sealed record SpaceBody(string? Name, string? Description, SpaceInputs? Inputs, string? Cover);

    public static RouteGroupBuilder MapSpacesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/spaces").WithTags("Spaces").RequireAuthorization(AuthSetup.UserPolicy);

        group.MapGet("/", async (string? name, ISpaceQueries spaces, CancellationToken ct) => TypedResults.Ok(await spaces.ListAsync(name, ct)));

        group.MapGet("/{id}", async (string id, ISpaceQueries spaces, CancellationToken ct) =>
            TypedResults.Ok(await spaces.GetAsync(id, ct) ?? throw SpacesException.SpaceNotFound(id)));

        group.MapPost("/", async (SpaceBody body, HttpContext context, IGrainFactory grains) =>
        {
            var definition = new SpaceDefinition(body.Name ?? "", body.Description ?? "", body.Inputs ?? new SpaceInputs(), body.Cover);
            var space = await grains.GetGrain<ISpaceGrain>(Guid.NewGuid().ToString("N")).CreateAsync(definition, context.User.RequiredUserId());
            return TypedResults.Created($"/api/spaces/{space.Id}", space);
        }).RequireAuthorization(AuthSetup.AdminPolicy);

        group.MapPatch("/{id}", async (string id, SpaceBody body, ISpaceQueries spaces, IGrainFactory grains, CancellationToken ct) =>
        {
            var current = await spaces.GetAsync(id, ct) ?? throw SpacesException.SpaceNotFound(id);
            var definition = new SpaceDefinition(
                body.Name ?? current.Name, body.Description ?? current.Description, body.Inputs ?? current.Inputs, body.Cover ?? current.Cover);
            return TypedResults.Ok(await grains.GetGrain<ISpaceGrain>(id).UpdateAsync(definition));
        }).RequireAuthorization(AuthSetup.AdminPolicy);

        group.MapDelete("/{id}", async (string id, IGrainFactory grains, IBlobStore blobs) =>
        {
            if (!GrainKeys.IsWellFormed(id))
            {
                throw SpacesException.SpaceNotFound(id);
            }
            await grains.GetGrain<ISpaceGrain>(id).DeleteAsync();
            await blobs.DeletePrefixAsync(BlobNames.SpacePrefix(id), CancellationToken.None);
            return TypedResults.NoContent();
        }).RequireAuthorization(AuthSetup.AdminPolicy);

        group.MapGet("/{id}/cover", (string id, HttpContext context, SpaceCovers covers, CancellationToken ct) => covers.ServeAsync(id, context, ct));

        // The body is the image itself; its first bytes decide whether it is one, so any Content-Type is let through.
        group.MapPut("/{id}/cover", async (string id, HttpRequest request, SpaceCovers covers, CancellationToken ct) =>
            TypedResults.Ok(await covers.ReplaceAsync(id, request, ct)))
            .RequireAuthorization(AuthSetup.AdminPolicy);

        group.MapDelete("/{id}/cover", async (string id, SpaceCovers covers, CancellationToken ct) =>
        {
            await covers.RemoveAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(AuthSetup.AdminPolicy);

        group.MapPost("/{id}/requests", async (string id, HttpContext context, SpaceSubmissions submissions) =>
        {
            var accepted = await submissions.SubmitAsync(context, id);
            return TypedResults.Accepted($"/api/requests/{accepted.RequestId}", accepted);
        }).DisableAntiforgery();

        group.MapGet("/{id}/requests", async (string id, HttpContext context, IRequestQueries requests, CancellationToken ct) =>
            TypedResults.Ok(await requests.ListBySubmitterAsync(context.User.RequiredUserId(), id, 100, ct)));

        return group;
    }
}
