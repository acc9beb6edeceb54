using Orleans;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Silo.Relay;

/// <summary>The grain that owns a channel: the one place channel names map to grains.</summary>
public static class ChannelOwners
{
    public static IChannelGrain? Of(IGrainFactory grains, string channel)
    {
        if (!Channels.TryParse(channel, out var kind, out var id))
        {
            return null;
        }
        return kind switch
        {
            ChannelKind.SpaceStatus => grains.GetGrain<ISpaceGrain>(id),
            ChannelKind.Request => grains.GetGrain<IRequestGrain>(id),
            ChannelKind.DatasetProgress => grains.GetGrain<IDatasetGrain>(id),
            _ => null,
        };
    }
}
