using Microsoft.AspNetCore.Http.HttpResults;
using Spaces.Api.Auth;
using Orleans;
using Spaces.Grains.Abstractions.Accounts;

namespace Spaces.Api.Endpoints;

public static class AuthApi
{
    public sealed record Credentials(string? Username, string? Password);

    public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

    public sealed record Me(string Id, string Username, bool IsAdmin);

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/auth").WithTags("Accounts");

        group.MapPost("/register", async (Credentials body, PasswordSignIn accounts, CancellationToken ct) =>
        {
            var user = await accounts.RegisterAsync(body.Username, body.Password, isAdmin: false, ct);
            return TypedResults.Created("/api/auth/me", new Me(user.Id, user.Username, user.IsAdmin));
        });

        group.MapPost("/login", async (Credentials body, PasswordSignIn accounts, HttpContext context) =>
        {
            await accounts.SignInAsync(context, body.Username, body.Password);
            return TypedResults.NoContent();
        }).RequireRateLimiting(SignInLimits.PerAddressPolicy);

        group.MapPost("/logout", async (PasswordSignIn accounts, HttpContext context) =>
        {
            await accounts.SignOutAsync(context);
            return TypedResults.NoContent();
        });

        group.MapPost("/password", async (PasswordChange body, PasswordSignIn accounts, HttpContext context) =>
        {
            await accounts.ChangePasswordAsync(context, body.CurrentPassword, body.NewPassword);
            return TypedResults.NoContent();
        }).RequireAuthorization(AuthSetup.UserPolicy).RequireRateLimiting(SignInLimits.PerAddressPolicy);

        group.MapGet("/me", async Task<Results<Ok<Me>, UnauthorizedHttpResult>> (HttpContext context, IGrainFactory grains) =>
            await grains.GetGrain<IUserGrain>(context.User.RequiredUserId()).GetAsync() is { } user
                ? TypedResults.Ok(new Me(user.Id, user.Username, user.IsAdmin))
                : TypedResults.Unauthorized()).RequireAuthorization(AuthSetup.UserPolicy);

        return group;
    }
}
