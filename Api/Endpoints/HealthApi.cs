using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;
using Spaces.Silo.Blobs;
using Spaces.Silo.Stores;

namespace Spaces.Api.Endpoints;

public static class HealthApi
{
    public static IServiceCollection AddSpacesHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<MembershipHealthCheck>("membership", tags: ["ready"])
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health", new() { Predicate = _ => false });
        routes.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        return routes;
    }

    /// <summary>
    /// Ready while the cluster's membership lists this host's silo as active: a silo still joining, shutting down, or
    /// declared dead by the others (after a long pause, say) would only fail the calls a load balancer sent it.
    /// </summary>
    private sealed class MembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
            return Task.FromResult(status == SiloStatus.Active
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"This host's silo is {status} in the cluster's membership"));
        }
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
