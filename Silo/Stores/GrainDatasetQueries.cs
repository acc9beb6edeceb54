using Orleans;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Indexes;

namespace Spaces.Silo.Stores;

/// <summary>Dataset lists and reads, from the datasets' grains and their indexes.</summary>
public sealed class GrainDatasetQueries(IGrainFactory grains) : IDatasetQueries
{
    public async Task<IReadOnlyList<DatasetView>> ListAsync(string? ownerId, CancellationToken cancellationToken) =>
        [.. (await grains.ReadIndexAsync(ownerId is null ? Indexes.AllDatasets : Indexes.DatasetsOf(ownerId), id => grains.GetGrain<IDatasetGrain>(id).GetAsync()))
            .Select(r => r.View)];

    public Task<DatasetRecord?> GetAsync(string datasetId, CancellationToken cancellationToken) =>
        GrainKeys.IsWellFormed(datasetId) ? grains.GetGrain<IDatasetGrain>(datasetId).GetAsync() : Task.FromResult<DatasetRecord?>(null);
}
