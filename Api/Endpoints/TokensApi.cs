using Spaces.Api.Auth;
using Spaces.Api.Hubs;
using Orleans;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Silo.Stores;

namespace Spaces.Api.Endpoints;

public static class TokensApi
{
    public sealed record CreateToken(string? Name, string[]? SpaceIds);

    public sealed record CreatedToken(string Id, string Token, string Name, IReadOnlyList<string> SpaceIds);

    public sealed record TokenView(
        string Id, string Name, string OwnerId, IReadOnlyList<string> SpaceIds, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

    public static RouteGroupBuilder MapTokensApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tokens").WithTags("Worker tokens").RequireAuthorization(AuthSetup.UserPolicy);

        group.MapPost("/", async (CreateToken body, HttpContext context, ISpaceQueries spaces, IGrainFactory grains, CancellationToken ct) =>
        {
            var name = body.Name?.Trim() ?? "";
            var spaceIds = body.SpaceIds?.Distinct(StringComparer.Ordinal).ToArray() ?? [];
            if (name.Length is 0 or > 100 || spaceIds.Length is 0 or > 100)
            {
                throw new SpacesException(ErrorCode.InvalidInput, "A token needs a name (1 to 100 characters) and 1 to 100 space_ids");
            }
            var userId = context.User.RequiredUserId();
            foreach (var spaceId in spaceIds)
            {
                var owner = await spaces.GetOwnerAsync(spaceId, ct) ?? throw SpacesException.SpaceNotFound(spaceId);
                if (owner != userId && !context.User.IsAdmin())
                {
                    throw new SpacesException(ErrorCode.Forbidden, $"You neither own nor administer space {spaceId}");
                }
            }
            var (id, token, hash) = WorkerTokens.Create();
            await grains.GetGrain<IWorkerTokenGrain>(id).CreateAsync(new NewWorkerToken(name, hash, userId, spaceIds));
            return TypedResults.Created($"/api/tokens/{id}", new CreatedToken(id, token, name, spaceIds));
        });

        group.MapGet("/", async (HttpContext context, IGrainFactory grains) =>
        {
            var list = await grains.ListWorkerTokensAsync(context.User.IsAdmin() ? null : context.User.RequiredUserId());
            return TypedResults.Ok(list.Select(t => new TokenView(t.Id, t.Name, t.OwnerId, t.SpaceIds, t.CreatedAt, t.RevokedAt, t.LastUsedAt)));
        });

        group.MapDelete("/{id}", async (string id, HttpContext context, IGrainFactory grains, HostDirectoryMember hosts) =>
        {
            var notFound = new SpacesException(ErrorCode.TokenNotFound, $"Token not found: {id}");
            var grain = GrainKeys.IsWellFormed(id) ? grains.GetGrain<IWorkerTokenGrain>(id) : throw notFound;
            var token = await grain.GetAsync() ?? throw notFound;
            if (token.OwnerId != context.User.RequiredUserId() && !context.User.IsAdmin())
            {
                throw notFound;
            }
            await grain.RevokeAsync();
            await hosts.RevokeEverywhereAsync(id);
            return TypedResults.NoContent();
        });

        return group;
    }
}
