using System.Text.Json;
using Orleans;
using Orleans.Concurrency;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>
/// The single owner of one space and of <c>spaces/{id}/status</c>: its definition, its worker, its FIFO queue (request
/// ids) and its in-flight request. The requests themselves (prompt, files, result) live in their <see cref="IRequestGrain"/>.
/// A call that returned has stored what it changed; one that threw changed nothing.
/// </summary>
public interface ISpaceGrain : IChannelGrain
{
    Task<SpaceView> CreateAsync(SpaceDefinition definition, string ownerId);

    Task<SpaceView> UpdateAsync(SpaceDefinition definition);

    /// <summary>Removes the space; its open requests end as cancelled.</summary>
    Task DeleteAsync();

    [ReadOnly]
    Task<SpaceRecord?> GetAsync();

    /// <summary>
    /// The 1-based place of a queued request, 0 when it is in flight, null when the space does not hold it. Interleaves
    /// with the space's other calls: a request grain asks it while the space may be waiting on that request grain.
    /// </summary>
    [ReadOnly, AlwaysInterleave]
    Task<int?> GetPositionAsync(string requestId);

    /// <summary>Attaches a worker connection; refused when another worker is attached. Attaching the same connection again does nothing.</summary>
    Task AttachWorkerAsync(WorkerAttachment worker);

    /// <summary>Detaches the worker if it is this connection: its in-flight request goes back to the head of the queue.</summary>
    Task DetachWorkerAsync(string connectionId, string reason);

    Task<RequestAccepted> SubmitAsync(NewRequest request);

    /// <summary>Progress from the worker; ignored unless this connection holds the request's current attempt.</summary>
    Task ReportProgressAsync(string connectionId, string requestId, double percent, string? message);

    /// <summary>Ignored unless this connection holds the request's current attempt (late and duplicate reports).</summary>
    Task CompleteAsync(string connectionId, string requestId, JsonElement result);

    Task FailAsync(string connectionId, string requestId, string error);

    Task CancelAsync(string requestId, string reason);

    /// <summary>
    /// What the space's timer does: detaches a worker whose host no longer holds its connection, and fails the queued
    /// requests of a space that has had no worker for longer than the configured timeout. Returns how many it failed.
    /// </summary>
    Task<int> CheckTimeoutsAsync();
}
