using Microsoft.Extensions.Diagnostics.HealthChecks;
using Spaces.Silo.Blobs;
using Spaces.Silo.Stores;

namespace Spaces.Api.Endpoints;

public static class HealthApi
{
    public static IServiceCollection AddSpacesHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health", new() { Predicate = _ => false });
        routes.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        return routes;
    }

    /// <summary>Ready when the state store answers a query and the blob store is reachable.</summary>
    private sealed class StorageHealthCheck(ISpaceQueries spaces, IBlobStore blobs) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await spaces.GetAsync("health-probe", cancellationToken);
                return await blobs.PingAsync(cancellationToken)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("The blob store is not reachable");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The state store is not reachable", e);
            }
        }
    }
}
