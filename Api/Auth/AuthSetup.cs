using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Auth;

/// <summary>Users sign in with a cookie; workers present a token. One policy scheme picks between them per request.</summary>
public static class AuthSetup
{
    public const string UserPolicy = "User";
    public const string AdminPolicy = "Admin";
    public const string WorkerPolicy = "Worker";
    public const string AnyCallerPolicy = "AnyCaller";
    private const string Smart = "Smart";

    public static IServiceCollection AddSpacesAuth(this IServiceCollection services)
    {
        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, Smart, o => o.ForwardDefaultSelector = context =>
                WorkerTokenHandler.ReadToken(context.Request) is not null ? WorkerTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, WorkerTokenHandler>(WorkerTokenHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "spaces.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
                o.Events.OnRedirectToLogin = context => RefuseOrRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => RefuseOrRedirect(context, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(UserPolicy, p => p.RequireAuthenticatedUser().AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireAssertion(c => !c.User.IsWorker()))
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireClaim(SpacesClaims.Admin, "true"))
            .AddPolicy(WorkerPolicy, p => p.RequireAuthenticatedUser().AddAuthenticationSchemes(WorkerTokenHandler.SchemeName)
                .RequireClaim(SpacesClaims.TokenId))
            .AddPolicy(AnyCallerPolicy, p => p.RequireAuthenticatedUser()
                .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme, WorkerTokenHandler.SchemeName));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddSingleton<PasswordRules>();
        services.AddSingleton<PasswordSignIn>();
        services.AddHostedService<AdminBootstrap>();
        return services;
    }

    /// <summary>API and hub callers get a status with problem details; people in a browser who are not signed in go to the sign-in page.</summary>
    private static Task RefuseOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        // A signed-in person who may not see a page gets a 403 page, not a sign-in form they have already passed.
        if (IsMachineRoute(context.Request) || status == StatusCodes.Status403Forbidden)
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        // The handler builds an absolute address from the request's Host header; send only its path and query, so a
        // forged Host cannot point the redirect at another site.
        context.Response.Redirect(LocalPart(context.RedirectUri));
        return Task.CompletedTask;
    }

    private static string LocalPart(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : Portal.PortalSetup.LocalUrl(uri);

    internal static bool IsMachineRoute(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/websockets");

    internal static ErrorCode CodeFor(int status) => status == StatusCodes.Status403Forbidden ? ErrorCode.Forbidden : ErrorCode.Unauthorized;
}
