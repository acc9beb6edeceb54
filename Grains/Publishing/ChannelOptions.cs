namespace Spaces.Grains.Publishing;

/// <summary>How channels retain and fan out events (section <c>Spaces:Channels</c>).</summary>
public sealed class ChannelOptions
{
    public const string Section = "Spaces:Channels";

    /// <summary>Events each channel keeps for subscribers that resume after a seq; older ones get a reset.</summary>
    public int RetainedEvents { get; set; } = 512;

    /// <summary>How often a host renews its relay with the channels it has subscribers for.</summary>
    public TimeSpan RelayRenewal { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A relay not renewed for this long is dropped (three renewals missed).</summary>
    public TimeSpan RelayExpiry => RelayRenewal * 3;

    /// <summary>A host that does not take a delivery within this time is dropped until it joins again.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Seqs reserved per state write, so a crash never reuses a seq that was sent and progress ticks rarely write.</summary>
    public int SeqReservation { get; set; } = 100;
}
