using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Spaces.Silo.Hosting;

/// <summary>
/// How soon the cluster declares a silo dead (section <c>Spaces:Cluster:Membership</c>, bound onto Orleans'
/// <see cref="ClusterMembershipOptions"/>, so any of its properties can be set there). Until then a space whose worker's
/// host died keeps that worker (or, when the space's own grain lived there, cannot be reached), so users read
/// "disconnected" and are refused for as long as detection takes. Orleans' default probe, every 5 s with 3 misses and 2
/// votes, took about 15 to 20 s; a 2 s probe keeps 3 misses and 2 votes (a silo is suspected only after 6 s without an
/// answer, and indirect probes confirm it before the vote), measured by the cluster failover test (README, "Run a cluster").
/// </summary>
public static class MembershipTuning
{
    public const string Section = "Spaces:Cluster:Membership";

    /// <summary>The probe period and timeout of this service, instead of Orleans' 5 s.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public static ISiloBuilder AddSpacesMembershipTuning(this ISiloBuilder builder, IConfiguration configuration)
    {
        builder.Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = ProbeTimeout);
        // Configured after the default above, so a value in the section wins.
        builder.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(Section));
        return builder;
    }
}
