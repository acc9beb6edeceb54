using System.Text.Json;
using Orleans;
using Orleans.Concurrency;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>
/// One request and <c>requests/{id}</c>: submitter, prompt, files, status, attempts, progress, result and result files.
/// Its space drives it; every change names the attempt it is for, so a repeated or late call changes nothing.
/// </summary>
public interface IRequestGrain : IChannelGrain
{
    /// <summary>
    /// Stores the request as queued at <paramref name="position"/>; false when an earlier try stored it and it is no
    /// longer queued (the space must not hold it).
    /// </summary>
    Task<bool> CreateAsync(string spaceId, NewRequest request, int position);

    /// <summary>
    /// Stores the request already processing its first attempt, for an idle worker: one write instead of create then
    /// start. Returns what the worker gets; null when an earlier try stored it and it has moved on since.
    /// </summary>
    Task<WorkerRequest?> CreateStartedAsync(string spaceId, string spaceName, NewRequest request);

    [ReadOnly]
    Task<RequestRecord?> GetAsync();

    /// <summary>Marks <paramref name="attempt"/> as processing and returns what the worker gets; null when the request has ended.</summary>
    Task<WorkerRequest?> StartAsync(int attempt, string spaceName);

    /// <summary>Back at the head of the queue after attempt <paramref name="attempt"/> lost its worker.</summary>
    Task RequeueAsync(int attempt);

    Task ReportProgressAsync(int attempt, double percent, string? message);

    Task CompleteAsync(int attempt, JsonElement result);

    /// <summary>Ends the request as failed (attempt 0: whatever the attempt, e.g. a queued request timing out).</summary>
    Task FailAsync(int attempt, string error);

    /// <summary>Ends a queued or processing request as cancelled; false when it had already ended.</summary>
    Task<bool> CancelAsync(string reason);

    /// <summary>Tells the request's watchers where it stands in the queue; never stored (a read asks the space).</summary>
    [OneWay]
    Task ReportPositionAsync(int position);

    /// <summary>
    /// Records a result file of a request that is processing, replacing the one of the same name. Returns the replaced
    /// file, whose blob the caller deletes once this call has returned.
    /// </summary>
    Task<ResultFile?> SaveResultFileAsync(ResultFile file);

    [ReadOnly]
    Task<ResultFile?> GetResultFileAsync(string name);
}
