using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Silo.Stores;

/// <summary>Reads of requests, from their grains and their submitters' indexes.</summary>
public interface IRequestQueries
{
    Task<RequestRecord?> GetAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>The newest of a submitter's requests, in one space or in all.</summary>
    Task<IReadOnlyList<RequestView>> ListBySubmitterAsync(string submitterId, string? spaceId, int limit, CancellationToken cancellationToken);
}
