using Spaces.Api.Auth;
using Spaces.Api.Endpoints;
using Spaces.Api.Errors;
using Spaces.Api.Hubs;
using Spaces.Api.Portal;
using Spaces.Api.Uploads;
using Spaces.Grains.Abstractions;
using Spaces.Silo.Hosting;

namespace Spaces.Api.Hosting;

/// <summary>The host, as a table of contents. Tests build it the same way, on a free loopback port.</summary>
public static class SpacesApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Configuration.AddAppServicePrivateNetwork();
        builder.AddSpacesTelemetry();
        // Request lines carry query strings, where browsers put the hub's access_token: keep them out of the log.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Connections", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Result", LogLevel.Warning);
        // Orleans places every new activation (each submission's request grain) through a Polly pipeline that logs two
        // Information entries per placement: thousands of console lines a second on the submission path.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        // SignalR logs every hub error, refusals included; SpacesHubFilter logs the real failures instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.None);
        // The health check service logs every unready poll at Error, one line per poll of each load balancer; the changes
        // behind it are logged once each, storage's by StorageReadiness and membership's by Orleans.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.None);
        var services = builder.Services;
        // The silo first: hosted services start in order, and the ones below call grains (data protection's warms
        // its key ring, which lives in a grain in the AzureStorage mode).
        builder.UseOrleans(silo => silo.UseSpacesSilo(builder.Configuration));
        services.AddSpacesDataProtection(builder.Configuration);
        services.AddSilo(builder.Configuration);
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section);
        services.AddSingleton<SubmissionReader>();
        services.AddSingleton<SpaceSubmissions>();
        services.AddSingleton<ResultFileUploads>();
        services.AddSingleton<SpaceCovers>();
        services.AddSpacesProblemDetails();
        services.AddSpacesProxies();
        services.AddSpacesAuth();
        services.AddCrossSiteRequestChecks();
        services.AddSignInLimits();
        services.AddSpacesHubs();
        services.AddSpacesHealthChecks();
        services.AddSpacesPortal();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => SpacesJson.Configure(o.SerializerOptions));

        var app = builder.Build();
        // First, so everything after sees the client's scheme and address (from configured proxies only).
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSpacesPortal();
        // Routing after the status code pages, so a re-executed error page is routed to.
        app.UseRouting();
        app.UseAuthentication();
        app.UseCrossSiteRequestChecks();
        app.UseKnownRequestCharsets();
        app.UseRateLimiter();
        app.UseAuthorization();
        // One document, at a fixed route: another name gets the service's own 404, not the generator's plain text.
        app.MapOpenApi("/openapi/v1.json");
        app.MapHealthApi();
        app.MapAuthApi();
        app.MapTokensApi();
        app.MapSpacesApi();
        app.MapRequestsApi();
        app.MapDatasetsApi();
        app.MapCompatApi();
        app.MapSpacesHubs();
        app.MapSpacesPortal();
        app.MapSpacesDashboard();
        return app;
    }
}
