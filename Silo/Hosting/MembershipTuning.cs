using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Spaces.Silo.Hosting;

/// <summary>
/// How soon the cluster declares a silo dead (section <c>Spaces:Cluster:Membership</c>, bound onto Orleans'
/// <see cref="ClusterMembershipOptions"/>, so any of its properties can be set there). Until then the grains of a silo
/// that died cannot be reached (503 <c>StorageUnavailable</c>) and a space whose worker's host died keeps that worker,
/// so users are refused for as long as detection takes. Measured by the cluster failover test on loopback (README,
/// "Failover"): Orleans' 5 s probe declared a killed host dead after 11.4 s, a 2 s probe after 3.1 s. This service probes
/// every 3 s and keeps Orleans' 3 missed probes and 2 votes: a silo is suspected only after several seconds without an
/// answer, and Orleans probes it indirectly through another silo before voting, so a host that is merely busy (a
/// garbage collection, a loaded machine) is not declared dead, which would stop it.
/// </summary>
public static class MembershipTuning
{
    public const string Section = "Spaces:Cluster:Membership";

    /// <summary>The initial probe period and timeout (Orleans adapts them between half and four times this) instead of 5 s.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static ISiloBuilder AddSpacesMembershipTuning(this ISiloBuilder builder, IConfiguration configuration)
    {
        builder.Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = ProbeTimeout);
        // Configured after the default above, so a value in the section wins.
        builder.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(Section));
        return builder;
    }
}
