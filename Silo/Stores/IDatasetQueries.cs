using Spaces.Grains.Abstractions.Datasets;

namespace Spaces.Silo.Stores;

public sealed record DatasetRecord(DatasetView View, string OwnerId);

public interface IDatasetQueries
{
    /// <summary>Datasets of one owner, or all when <paramref name="ownerId"/> is null, newest first.</summary>
    Task<IReadOnlyList<DatasetView>> ListAsync(string? ownerId, CancellationToken cancellationToken);

    Task<DatasetRecord?> GetAsync(string datasetId, CancellationToken cancellationToken);

    /// <summary>The dataset and the last <c>seq</c> of its progress channel, read in one snapshot.</summary>
    Task<(DatasetRecord? Dataset, long Seq)> GetSnapshotAsync(string datasetId, CancellationToken cancellationToken);
}
