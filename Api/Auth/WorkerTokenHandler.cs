using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans;
using Spaces.Grains.Abstractions.Accounts;

namespace Spaces.Api.Auth;

/// <summary>
/// Authenticates worker tokens from <c>Authorization: Bearer</c>, or from <c>access_token</c> on hub requests
/// (browsers and the JS client cannot set headers on WebSockets).
/// </summary>
public sealed class WorkerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "WorkerToken";

    /// <summary>How stale a token's <c>last_used_at</c> may be: one write per token per minute at most, however busy it is.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        return request.Path.StartsWithSegments("/hubs") ? request.Query["access_token"].FirstOrDefault() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }
        if (!WorkerTokens.TryParse(token, out var id, out var secret))
        {
            return AuthenticateResult.Fail("Malformed worker token");
        }
        var grain = grains.GetGrain<IWorkerTokenGrain>(id);
        var record = await grain.GetAsync();
        if (record is null || record.RevokedAt is not null || !WorkerTokens.Verify(secret, record.SecretHash))
        {
            return AuthenticateResult.Fail("Unknown or revoked worker token");
        }
        if (record.LastUsedAt is not { } lastUsed || TimeProvider.GetUtcNow() - lastUsed >= LastUsedResolution)
        {
            await grain.TouchAsync(LastUsedResolution);
        }
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, $"token:{record.Id}"),
            new(ClaimTypes.Name, record.Name),
            new(SpacesClaims.TokenId, record.Id),
            new(SpacesClaims.TokenOwner, record.OwnerId),
            new(SpacesClaims.Spaces, SpacesClaims.JoinSpaces(record.SpaceIds)),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}
