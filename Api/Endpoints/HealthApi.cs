using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;
using Spaces.Silo.Storage;

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

    /// <summary>
    /// Ready while the configured storage answers (Azure Table and Blob, or the embedded SQLite file and blob folder), as a
    /// probe of a few seconds ago saw it: a host whose storage is out would answer its writes 503 only. Liveness never
    /// asks storage, so an outage does not get healthy hosts restarted. <see cref="StorageReadiness"/> logs the outage once.
    /// </summary>
    private sealed class StorageHealthCheck(StorageReadiness storage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var result = await storage.CheckAsync().WaitAsync(cancellationToken);
            return result.Healthy
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Storage does not answer: {storage.Describe}", result.Failure);
        }
    }
}
