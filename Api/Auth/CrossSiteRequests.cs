using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Auth;

/// <summary>
/// Refuses cross-site requests that would ride on the session cookie: a state-changing request (any method but GET,
/// HEAD, OPTIONS and TRACE) or any hub request (negotiate, WebSocket upgrade) whose <c>Origin</c>, or without one
/// <c>Referer</c>, is neither this service's origin nor in <see cref="CrossSiteOptions.AllowedOrigins"/>. Browsers
/// always send <c>Origin</c> on such requests, so the check cannot be skipped from a page; script clients send neither
/// header and are let through, as are callers authenticated by a worker token (no ambient credential to abuse).
/// It runs after authentication, so a forged or revoked token does not open the door for the cookie.
/// </summary>
public static partial class CrossSiteRequests
{
    public static IServiceCollection AddCrossSiteRequestChecks(this IServiceCollection services)
    {
        services.AddOptions<CrossSiteOptions>().BindConfiguration("Spaces")
            .Validate(o => o.AllowedOrigins.All(CrossSiteOptions.IsOrigin),
                "Spaces:AllowedOrigins: each entry must be an origin such as https://spaces.example.com (scheme, host and port only)")
            .ValidateOnStart();
        return services;
    }

    public static IApplicationBuilder UseCrossSiteRequestChecks(this IApplicationBuilder app)
    {
        var allowed = app.ApplicationServices.GetRequiredService<IOptions<CrossSiteOptions>>().Value.AllowedOrigins
            .Select(o => o.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CrossSiteRequests));
        return app.Use((context, next) =>
        {
            var request = context.Request;
            if (!NeedsCheck(request) || context.User.IsWorker() || ClaimedOrigin(request) is not { } origin)
            {
                return next(context);
            }
            if (origin.Equals(OwnOrigin(request), StringComparison.OrdinalIgnoreCase) || allowed.Contains(origin))
            {
                return next(context);
            }
            Log.Refused(logger, request.Method, request.Path, origin);
            throw new SpacesException(ErrorCode.CrossSiteRequest, "Cross-site requests are refused; use this service's own pages, or a worker token");
        });
    }

    private static bool NeedsCheck(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        || request.Path.StartsWithSegments("/hubs");

    /// <summary>The origin the browser says the request comes from; null when it says nothing (a script).</summary>
    private static string? ClaimedOrigin(HttpRequest request)
    {
        var claimed = request.Headers.Origin.ToString();
        if (claimed.Length == 0)
        {
            claimed = request.Headers[HeaderNames.Referer].ToString();
            if (claimed.Length == 0)
            {
                return null;
            }
        }
        // "null" (sandboxed frames, some redirects) and anything unparsable are foreign, not absent.
        return Uri.TryCreate(claimed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Authority)
            : claimed;
    }

    private static string OwnOrigin(HttpRequest request) =>
        Uri.TryCreate($"{request.Scheme}://{request.Host.ToUriComponent()}", UriKind.Absolute, out var own) ? own.GetLeftPart(UriPartial.Authority) : "";

    private static partial class Log
    {
        [LoggerMessage(2201, LogLevel.Information, "Refused cross-site {Method} {Path} from origin {Origin}")]
        public static partial void Refused(ILogger logger, string method, string path, string origin);
    }
}
