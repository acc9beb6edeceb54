using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Spaces.Grains.Abstractions.Errors;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;
using Microsoft.Extensions.FileProviders;
using Spaces.Api.Auth;
using Spaces.Api.Portal.Text;

namespace Spaces.Api.Portal;

/// <summary>The web portal: Razor Pages under <c>Portal/Pages</c>, embedded static files, English and Simplified Chinese.</summary>
public static class PortalSetup
{
    public static IServiceCollection AddSpacesPortal(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Portal/Pages";
            o.Conventions.AuthorizeFolder("/", AuthSetup.UserPolicy);
            o.Conventions.AuthorizeFolder("/Admin", AuthSetup.AdminPolicy);
            o.Conventions.AllowAnonymousToFolder("/Account");
        }).AddApplicationPart(typeof(PortalSetup).Assembly);
        services.AddSingleton<PortalText>();
        // Pages are UTF-8: write Chinese as characters, not as &#x...; entities (markup is still escaped).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(PortalText.DefaultCulture)
                .AddSupportedCultures(PortalText.Cultures)
                .AddSupportedUICultures(PortalText.Cultures);
            o.ApplyCurrentCultureToResponseHeaders = true;
        });
        return services;
    }

    /// <summary>Culture from the switch's cookie, else <c>Accept-Language</c>; static files from the assembly.</summary>
    public static WebApplication UseSpacesPortal(this WebApplication app)
    {
        app.UseRequestLocalization();
        // People get an error page in their language; API and hub callers keep their problem details.
        app.UseWhen(c => !AuthSetup.IsMachineRoute(c.Request), b => b.UseStatusCodePagesWithReExecute("/error/{0}"));
        var files = new EmbeddedFileProvider(typeof(PortalSetup).Assembly, "Spaces.Api.wwwroot");
        app.Environment.WebRootFileProvider = files;
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Pages link files with asp-append-version, so a changed file gets a new URL.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = c.Context.Request.Query.ContainsKey("v")
                ? "public, max-age=31536000, immutable"
                : "no-cache",
        });
        return app;
    }

    public static IEndpointRouteBuilder MapSpacesPortal(this IEndpointRouteBuilder routes)
    {
        routes.MapRazorPages();
        // The layout's language switch carries the antiforgery token like the portal's other forms.
        routes.MapPost("/culture", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            var form = await Uploads.FormBodies.ReadAsync(context.Request);
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                throw new SpacesException(ErrorCode.InvalidInput, "The form's antiforgery token is missing or stale; reload the page");
            }
            var culture = PortalText.Cultures.FirstOrDefault(c => string.Equals(c, form["culture"], StringComparison.OrdinalIgnoreCase))
                ?? PortalText.DefaultCulture;
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return TypedResults.LocalRedirect(LocalUrl(form["returnUrl"]));
        }).DisableAntiforgery().ExcludeFromDescription();
        return routes;
    }

    /// <summary>A return address from a form or query, kept on this site.</summary>
    public static string LocalUrl(string? url) => RedirectHttpResult.IsLocalUrl(url) ? url! : "/";
}
