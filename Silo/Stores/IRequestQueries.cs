using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Silo.Stores;

public sealed record RequestRecord(RequestView View, string SubmitterId, IReadOnlyList<RequestFile> Files);

public interface IRequestQueries
{
    Task<RequestRecord?> GetAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>The space a request belongs to: one indexed read, for the worker hub's every progress report.</summary>
    Task<string?> GetSpaceIdAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>The request and the last <c>seq</c> of its channel, read in one snapshot.</summary>
    Task<(RequestRecord? Request, long Seq)> GetSnapshotAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>A result file a worker uploaded for the request, or null.</summary>
    Task<ResultFile?> GetResultFileAsync(string requestId, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<RequestView>> ListBySubmitterAsync(string submitterId, string? spaceId, int limit, CancellationToken cancellationToken);
}
