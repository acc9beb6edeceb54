using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.SignalR;
using Spaces.Api.Errors;
using Spaces.Api.Portal;

namespace Spaces.Tests.Api.Audit;

/// <summary>How an endpoint answers errors: problem details, the old portal's JSON shape, a page, or the SignalR protocol.</summary>
public enum ErrorShape
{
    Problem,
    Compat,
    Page,
    Hub,
}

/// <summary>One route of the running app with one method, and the URLs the audit builds for it.</summary>
public sealed record AuditTarget(string Method, RoutePattern Pattern, ErrorShape Shape, bool ThirdPartyHandler = false)
{
    public string Display => $"{Method} /{Pattern.RawText?.TrimStart('/')}";

    /// <summary>Deletes run after everything else, so the routes that need the target space still find it.</summary>
    public bool Destructive => Method == HttpMethods.Delete;

    public IReadOnlyList<string> Parameters => [.. Pattern.Parameters.Select(p => p.Name)];

    /// <summary>Every endpoint of the app, read from its endpoint data source: a new route is audited without a test change.</summary>
    public static IReadOnlyList<AuditTarget> All(EndpointDataSource source) =>
    [
        .. source.Endpoints.OfType<RouteEndpoint>().SelectMany(endpoint =>
            (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get, HttpMethods.Post])
                .Select(method => new AuditTarget(method, endpoint.RoutePattern, ShapeOf(endpoint),
                    endpoint.Metadata.GetMetadata<DashboardSetup.OperatorDashboardEndpoint>() is not null))),
    ];

    private static ErrorShape ShapeOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HubMetadata>() is not null ? ErrorShape.Hub
        : endpoint.Metadata.GetMetadata<CompatErrorShape>() is not null ? ErrorShape.Compat
        : endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null ? ErrorShape.Page
        // The dashboard sits in the portal's admin area: a miss or a refusal there is a page, as for the admin pages.
        : endpoint.Metadata.GetMetadata<DashboardSetup.OperatorDashboardEndpoint>() is not null ? ErrorShape.Page
        : ErrorShape.Problem;

    /// <summary>The path with each parameter set from <paramref name="value"/> (raw, already percent-encoded).</summary>
    public string Path(Func<string, string> value)
    {
        var path = new StringBuilder();
        foreach (var segment in Pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => value(parameter.Name),
                    _ => "",
                });
            }
        }
        return path.Length == 0 ? "/" : path.ToString();
    }
}
