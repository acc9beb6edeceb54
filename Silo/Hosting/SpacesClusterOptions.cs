namespace Spaces.Silo.Hosting;

/// <summary>This host's place in its Orleans cluster (section <c>Spaces:Cluster</c>).</summary>
public sealed class SpacesClusterOptions
{
    public const string Section = "Spaces:Cluster";

    /// <summary>Hosts with the same <see cref="ServiceId"/> and <see cref="ClusterId"/> form one cluster.</summary>
    public string ServiceId { get; set; } = "spaces";

    public string ClusterId { get; set; } = "dev";

    /// <summary>The silo-to-silo port. An embedded host listens on it on the loopback address only.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port of the gateway that external Orleans clients use; an embedded host opens none.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at; empty means this host's own.</summary>
    public string AdvertisedAddress { get; set; } = "";
}
