using Microsoft.Extensions.Options;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Datasets;
using Spaces.Grains.Spaces;

namespace Spaces.Silo.Runtime;

/// <summary>Hands out references to grains; a reference is cheap and stateless, every call on it is a turn.</summary>
public sealed class GrainFactory(
    GrainRuntime runtime,
    TimeProvider time,
    IOptions<SpaceGrainOptions> spaceOptions,
    IOptions<DatasetGrainOptions> datasetOptions)
{
    public ISpaceGrain GetSpace(string spaceId) => new SpaceGrainReference(spaceId, runtime, time, spaceOptions.Value);

    public IDatasetGrain GetDataset(string datasetId) => new DatasetGrainReference(datasetId, runtime, time, datasetOptions.Value);
}
