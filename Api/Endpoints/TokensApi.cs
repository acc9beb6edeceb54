using Spaces.Api.Auth;
using Spaces.Api.Hubs;
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

        group.MapPost("/", async (CreateToken body, HttpContext context, ISpaceQueries spaces, IWorkerTokenStore tokens, TimeProvider time, CancellationToken ct) =>
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
            await tokens.CreateAsync(
                new WorkerTokenRecord
                {
                    Id = id,
                    Name = name,
                    SecretHash = hash,
                    OwnerId = userId,
                    SpaceIds = string.Join(',', spaceIds),
                    CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
                },
                ct);
            return TypedResults.Created($"/api/tokens/{id}", new CreatedToken(id, token, name, spaceIds));
        });

        group.MapGet("/", async (HttpContext context, IWorkerTokenStore tokens, CancellationToken ct) =>
        {
            var list = await tokens.ListAsync(context.User.IsAdmin() ? null : context.User.RequiredUserId(), ct);
            return TypedResults.Ok(list.Select(t => new TokenView(
                t.Id, t.Name, t.OwnerId, t.SpaceIdList, DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedAt),
                Time(t.RevokedAt), Time(t.LastUsedAt))));
        });

        group.MapDelete("/{id}", async (string id, HttpContext context, IWorkerTokenStore tokens, HubConnections connections, TimeProvider time, CancellationToken ct) =>
        {
            var token = await tokens.GetAsync(id, ct) ?? throw new SpacesException(ErrorCode.TokenNotFound, $"Token not found: {id}");
            if (token.OwnerId != context.User.RequiredUserId() && !context.User.IsAdmin())
            {
                throw new SpacesException(ErrorCode.TokenNotFound, $"Token not found: {id}");
            }
            await tokens.RevokeAsync(id, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
            connections.AbortByToken(id);
            return TypedResults.NoContent();
        });

        return group;
    }

    private static DateTimeOffset? Time(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
