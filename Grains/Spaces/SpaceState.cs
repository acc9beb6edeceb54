using Orleans;
using Spaces.Grains.Publishing;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Grains.Spaces;

/// <summary>
/// A space's stored state. Bounded by the queue: per queued request an id, a submitter hash, an attempt count and a time,
/// so at the maximum queue size it stays well under 64 KiB (measured in the grain tests). Prompts and results are in the
/// requests' own grains.
/// </summary>
[GenerateSerializer, Alias("spaces.space-state")]
public sealed class SpaceState : IChannelOwnerState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string Description { get; set; } = "";
    [Id(2)] public string? Cover { get; set; }
    [Id(3)] public string OwnerId { get; set; } = "";
    [Id(4)] public SpaceInputs Inputs { get; set; } = new();
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    [Id(6)] public AttachedWorker? Worker { get; set; }

    /// <summary>When the last worker left; queued requests fail once it has been gone for the configured timeout.</summary>
    [Id(7)] public DateTimeOffset? DisconnectedAt { get; set; }

    /// <summary>Queued requests, head first.</summary>
    [Id(8)] public List<QueueEntry> Queue { get; set; } = [];

    [Id(9)] public InFlightRequest? InFlight { get; set; }

    /// <summary>The status channel's reservation.</summary>
    [Id(10)] public long SeqReservedThrough { get; set; }

    /// <summary>Whether the queue-expiry reminder is registered: it outlives this activation and its host.</summary>
    [Id(11)] public bool ExpiryReminder { get; set; }
}

/// <summary>
/// A queued request. <see cref="Submitter"/> is a 64-bit hash of the submitter's id, what the per-user limit counts by
/// (a collision only makes two users share one count). <see cref="Attempts"/> are the attempts it already had (a
/// requeued request is at the head again).
/// </summary>
[GenerateSerializer, Immutable, Alias("spaces.queue-entry")]
public sealed record QueueEntry(
    [property: Id(0)] string RequestId, [property: Id(1)] long Submitter, [property: Id(2)] int Attempts, [property: Id(3)] long QueuedAtMs);

/// <summary>The request the worker holds, with its attempt and when its lease (renewed by the worker's reports and the space's checks) runs out.</summary>
[GenerateSerializer, Immutable, Alias("spaces.in-flight")]
public sealed record InFlightRequest(
    [property: Id(0)] QueueEntry Entry, [property: Id(1)] int Attempt, [property: Id(2)] string ConnectionId, [property: Id(3)] DateTimeOffset LeaseUntil);

/// <summary>The attached worker: its connection and the host relay that reaches it, since when, and when it was last heard of.</summary>
[GenerateSerializer, Alias("spaces.attached-worker")]
public sealed record AttachedWorker(
    [property: Id(0)] WorkerAttachment Connection, [property: Id(1)] DateTimeOffset Since, [property: Id(2)] DateTimeOffset LastSeenAt);
