using System.Security.Claims;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Api.Auth;

/// <summary>Claim names and the questions endpoints ask of a caller.</summary>
public static class SpacesClaims
{
    public const string Admin = "spaces:admin";
    public const string TokenId = "spaces:token";
    /// <summary>The spaces a worker token is scoped to, as one claim (see <see cref="JoinSpaces"/>).</summary>
    public const string Spaces = "spaces:spaces";
    public const string TokenOwner = "spaces:owner";
    public const string Session = "spaces:session";

    public static string? UserId(this ClaimsPrincipal user) =>
        user.IsWorker() ? null : user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string RequiredUserId(this ClaimsPrincipal user) =>
        user.UserId() ?? throw new InvalidOperationException("The endpoint's policy admits only signed-in users");

    /// <summary>The session a cookie was issued for (see <see cref="SessionCheck"/>).</summary>
    public static string? SessionId(this ClaimsPrincipal user) => user.IsWorker() ? null : user.FindFirstValue(Session);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.HasClaim(Admin, "true");

    public static bool IsWorker(this ClaimsPrincipal user) => user.FindFirstValue(TokenId) is not null;

    public static string? WorkerTokenId(this ClaimsPrincipal user) => user.FindFirstValue(TokenId);

    /// <summary>
    /// The space ids of a worker token's scope in one claim value, separated by spaces (never part of a well-formed id):
    /// a worker connection keeps its principal for as long as it is open, and one claim per space cost about 90 bytes
    /// each (9 KiB per idle connection of a token scoped to 100 spaces).
    /// </summary>
    public static string JoinSpaces(IEnumerable<string> spaceIds) => string.Join(' ', spaceIds);

    /// <summary>True for a worker token scoped to <paramref name="spaceId"/>.</summary>
    public static bool IsWorkerFor(this ClaimsPrincipal user, string spaceId)
    {
        if (spaceId.Length == 0 || !user.IsWorker() || user.FindFirstValue(Spaces) is not { } scope)
        {
            return false;
        }
        foreach (var range in scope.AsSpan().Split(' '))
        {
            if (scope.AsSpan(range).SequenceEqual(spaceId))
            {
                return true;
            }
        }
        return false;
    }

    // Who may see what: the one place REST routes and hub channels ask. To anyone else the thing does not exist.

    /// <summary>Signed-in users see every space; a worker token sees the spaces it is scoped to.</summary>
    public static bool CanSeeSpace(this ClaimsPrincipal user, string spaceId) => !user.IsWorker() || user.IsWorkerFor(spaceId);

    /// <summary>A request's submitter, an administrator, or its space's worker.</summary>
    public static bool CanSee(this ClaimsPrincipal user, RequestRecord request) =>
        request.SubmitterId == user.UserId() || user.IsAdmin() || user.IsWorkerFor(request.View.SpaceId);

    /// <summary>A dataset's owner or an administrator.</summary>
    public static bool CanSee(this ClaimsPrincipal user, DatasetRecord dataset) => dataset.OwnerId == user.UserId() || user.IsAdmin();
}
