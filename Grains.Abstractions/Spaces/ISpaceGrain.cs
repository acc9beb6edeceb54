using System.Text.Json;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>
/// The single owner of one space: its definition, its worker, its FIFO queue and its in-flight request.
/// Calls never interleave; a call that returned has committed its state and events, one that threw changed nothing.
/// </summary>
public interface ISpaceGrain
{
    Task<SpaceView> CreateAsync(SpaceDefinition definition, string ownerId);

    Task<SpaceView> UpdateAsync(SpaceDefinition definition);

    Task DeleteAsync();

    /// <summary>Attaches a worker connection; refused when another worker is attached.</summary>
    Task AttachWorkerAsync(string connectionId, string nodeId);

    /// <summary>Detaches the worker if it is this connection: its in-flight request goes back to the head of the queue.</summary>
    Task DetachWorkerAsync(string connectionId, string reason);

    Task<RequestAccepted> SubmitAsync(NewRequest request);

    /// <summary>Progress from the worker; ignored unless this connection holds the request's current attempt.</summary>
    Task ReportProgressAsync(string connectionId, string requestId, double percent, string? message);

    Task CompleteAsync(string connectionId, string requestId, JsonElement result);

    Task FailAsync(string connectionId, string requestId, string error);

    Task CancelAsync(string requestId, string reason);

    /// <summary>
    /// Records a result file of a request that is processing, replacing the one of the same name.
    /// Returns the replaced file, whose blob the caller deletes once this call has returned.
    /// </summary>
    Task<ResultFile?> SaveResultFileAsync(string requestId, ResultFile file);

    /// <summary>Fails the queued requests of a space that has had no worker for longer than the configured timeout.</summary>
    Task<int> ExpireQueuedAsync();
}
