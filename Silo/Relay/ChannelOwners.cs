using Orleans;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Silo.Relay;

/// <summary>The grain that owns a channel: the one place channel names map to grains.</summary>
public static class ChannelOwners
{
    public static IChannelGrain? Of(IGrainFactory grains, string channel) =>
        Channels.TryParse(channel, out var kind, out var id) && kind == ChannelKind.DatasetProgress
            ? grains.GetGrain<IDatasetGrain>(id)
            : null;
}
