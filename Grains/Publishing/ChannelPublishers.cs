using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Spaces.Grains.Publishing;

/// <summary>Makes the channel publisher of a grain activation, with this silo's membership view and options.</summary>
public sealed class ChannelPublishers(IClusterMembershipService membership, IOptions<ChannelOptions> options, ILogger<ChannelPublisher> logger)
{
    public ChannelPublisher Create(string channel, long reservedThrough) =>
        new(channel, reservedThrough, options.Value, new RelayFanout(membership, options.Value, logger));
}
