namespace Spaces.Grains.Hosts;

/// <summary>How web hosts stay known to each other (section <c>Spaces:Hosts</c>).</summary>
public sealed class HostDirectoryOptions
{
    public const string Section = "Spaces:Hosts";

    /// <summary>How often a host joins the directory again; also how soon it is known after the directory's silo died.</summary>
    public TimeSpan Renewal { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An entry not renewed for this long is dropped (three renewals missed).</summary>
    public TimeSpan Expiry => Renewal * 3;

    /// <summary>A host that does not confirm a broadcast within this time is skipped (and dropped if it keeps failing to renew).</summary>
    public TimeSpan BroadcastTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
