using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Grains.Datasets;

public sealed partial class DatasetGrain
{
    public Task JoinAsync(RelayRegistration relay)
    {
        Channel.Join(relay, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task LeaveAsync(IChannelRelay relay)
    {
        Channel.Leave(relay);
        return Task.CompletedTask;
    }

    public Task<ChannelRead> ReadAsync(long afterSeq) =>
        Task.FromResult(Channel.Read(afterSeq, dataset.RecordExists ? DatasetViews.From(Id, State) : (object)new { }));
}
