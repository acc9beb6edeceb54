using Spaces.Grains.Abstractions.Datasets;

namespace Spaces.Silo.Stores;

public interface IDatasetQueries
{
    /// <summary>Datasets of one owner, or all when <paramref name="ownerId"/> is null, newest first.</summary>
    Task<IReadOnlyList<DatasetView>> ListAsync(string? ownerId, CancellationToken cancellationToken);

    Task<DatasetRecord?> GetAsync(string datasetId, CancellationToken cancellationToken);
}
