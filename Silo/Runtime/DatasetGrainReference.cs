using System.Text.Json;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Datasets;
using Spaces.Grains.Runtime;

namespace Spaces.Silo.Runtime;

/// <summary>An <see cref="IDatasetGrain"/> whose every call runs as one turn of the dataset's grain.</summary>
internal sealed class DatasetGrainReference(string datasetId, GrainRuntime runtime, TimeProvider time, DatasetGrainOptions options)
    : GrainReference<DatasetGrain>($"dataset/{datasetId}", runtime), IDatasetGrain
{
    public Task<DatasetView> ImportAsync(DatasetImport import, string ownerId) => Run(g => g.ImportAsync(import, ownerId));

    public Task<DatasetView> TokenizeAsync(TokenizeSettings settings) => Run(g => g.TokenizeAsync(settings));

    public Task ReportProgressAsync(string jobId, double progress, string message, bool force = false) =>
        Run(g => g.ReportProgressAsync(jobId, progress, message, force));

    public Task CompleteImportAsync(string jobId, IReadOnlyList<DatasetFile> files, long numSamples, long sizeBytes, JsonElement statistics) =>
        Run(g => g.CompleteImportAsync(jobId, files, numSamples, sizeBytes, statistics));

    public Task CompleteTokenizationAsync(string jobId, JsonElement statistics, IReadOnlyList<string> shards) =>
        Run(g => g.CompleteTokenizationAsync(jobId, statistics, shards));

    public Task FailAsync(string jobId, string message) => Run(g => g.FailAsync(jobId, message));

    public Task DeleteAsync() => Run(g => g.DeleteAsync());

    protected override DatasetGrain Activate(ITurn turn) => new(datasetId, turn, time, options);
}
