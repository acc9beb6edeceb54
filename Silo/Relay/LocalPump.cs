using System.Threading.Channels;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Silo.Relay;

/// <summary>
/// One local subscriber of one channel: buffers live events from the moment it exists, then sends the replay its
/// subscription read, then the live events past it, in order and each once.
/// </summary>
internal sealed class LocalPump(Func<ChannelMessage, CancellationToken, Task> send) : IDisposable
{
    private readonly Channel<ChannelMessage> _live = Channel.CreateUnbounded<ChannelMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();

    public void Post(ChannelMessage message) => _live.Writer.TryWrite(message);

    /// <summary>Starts sending: <paramref name="replay"/> first, then live events after <paramref name="throughSeq"/>.</summary>
    public Task RunAsync(IReadOnlyList<ChannelMessage> replay, long throughSeq) => Task.Run(async () =>
    {
        var last = long.MinValue;
        foreach (var message in replay)
        {
            await send(message, _stop.Token);
            last = message.Seq;
        }
        last = Math.Max(last, throughSeq);
        await foreach (var message in _live.Reader.ReadAllAsync(_stop.Token))
        {
            if (message.Seq > last)
            {
                await send(message, _stop.Token);
                last = message.Seq;
            }
        }
    }, CancellationToken.None);

    public void Dispose()
    {
        _live.Writer.TryComplete();
        _stop.Cancel();
        _stop.Dispose();
    }
}
