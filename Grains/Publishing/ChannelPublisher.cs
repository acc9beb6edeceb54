using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Streams;

namespace Spaces.Grains.Publishing;

/// <summary>
/// One channel's sequencer, ring and fan-out, owned by one grain activation. The owner persists
/// <see cref="ReservedThrough"/> with its state before it publishes; a new activation starts past it, so a seq that
/// reached anyone is never handed out again, even after the owner's silo died.
/// </summary>
public sealed class ChannelPublisher : IDisposable
{
    private readonly ChannelRing _ring;
    private readonly RelayFanout _fanout;
    private readonly int _reservation;
    private readonly List<ChannelMessage> _staged = [];

    internal ChannelPublisher(string channel, long reservedThrough, ChannelOptions options, RelayFanout fanout)
    {
        Channel = channel;
        Seq = ReservedThrough = reservedThrough;
        _reservation = options.SeqReservation;
        _ring = new ChannelRing(options.RetainedEvents);
        _fanout = fanout;
    }

    public string Channel { get; }

    /// <summary>The last seq handed out.</summary>
    public long Seq { get; private set; }

    /// <summary>The seqs up to here may have been handed out: what the owner's state must hold before publishing.</summary>
    public long ReservedThrough { get; private set; }

    /// <summary>True when <see cref="Append"/> went past the persisted reservation: write state before publishing.</summary>
    public bool ReservationChanged { get; private set; }

    public int RelayCount => _fanout.Count;

    /// <summary>Gives the event its seq and retains it; it goes out with <see cref="Publish"/>, once the state is written.</summary>
    public ChannelMessage Append(string type, object data)
    {
        Seq++;
        if (Seq > ReservedThrough)
        {
            ReservedThrough = Seq + _reservation - 1;
            ReservationChanged = true;
        }
        var message = new ChannelMessage(Channel, Seq, type, JsonSerializer.Serialize(data, data.GetType(), SpacesJson.Options));
        _ring.Add(message);
        return message;
    }

    /// <summary>The owner wrote <see cref="ReservedThrough"/>.</summary>
    public void ReservationPersisted() => ReservationChanged = false;

    public void Publish(ChannelMessage message, DateTimeOffset now) => _fanout.Publish(message, now);

    /// <summary>Appends an event for a change the owner stores later: it goes out with <see cref="PublishStaged"/>.</summary>
    public void Stage(string type, object data) => _staged.Add(Append(type, data));

    /// <summary>The owner stored its change: the events staged for it go out, in order.</summary>
    public void PublishStaged(DateTimeOffset now)
    {
        foreach (var message in _staged)
        {
            Publish(message, now);
        }
        _staged.Clear();
    }

    /// <summary>The owner's write failed: the staged events are never sent (the activation that made them is dropped).</summary>
    public void DropStaged() => _staged.Clear();

    public void Join(RelayRegistration relay, DateTimeOffset now) => _fanout.Join(relay, now);

    public void Leave(IChannelRelay relay) => _fanout.Leave(relay);

    public ChannelRead Read(long afterSeq, object snapshot)
    {
        var json = JsonSerializer.Serialize(snapshot, snapshot.GetType(), SpacesJson.Options);
        if (afterSeq < 0)
        {
            return new ChannelRead(Seq, json, [], Reset: false);
        }
        return _ring.After(afterSeq, Seq) is { } replay
            ? new ChannelRead(Seq, json, replay, Reset: false)
            : new ChannelRead(Seq, json, _ring.Retained(afterSeq), Reset: true);
    }

    public void Dispose() => _fanout.Dispose();
}
