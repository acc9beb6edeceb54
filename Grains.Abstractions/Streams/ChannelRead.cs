using Orleans;

namespace Spaces.Grains.Abstractions.Streams;

/// <summary>
/// A channel read at one point: its last <see cref="Seq"/>, the owner's state then (<see cref="Snapshot"/>, JSON),
/// and the retained events after the reader's seq. <see cref="Reset"/>: some events after that seq are no longer
/// retained, so the snapshot replaces what the reader held; <see cref="Replay"/> then holds what is still retained (after
/// a failover, the new activation's events), which a live relay still passes on.
/// </summary>
[GenerateSerializer, Immutable, Alias("spaces.channel-read")]
public sealed record ChannelRead(
    [property: Id(0)] long Seq,
    [property: Id(1)] string Snapshot,
    [property: Id(2)] IReadOnlyList<ChannelMessage> Replay,
    [property: Id(3)] bool Reset);
