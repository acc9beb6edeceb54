using Spaces.Grains.Datasets;

namespace Spaces.Grains.Runtime;

/// <summary>Dataset and job rows, inside the current turn's transaction.</summary>
public interface IDatasetStore
{
    Task<DatasetState?> GetDatasetAsync(string datasetId);

    Task InsertDatasetAsync(DatasetState dataset);

    Task UpdateDatasetAsync(DatasetState dataset);

    Task DeleteDatasetAsync(string datasetId);

    Task<JobState?> GetJobAsync(string jobId);

    Task InsertJobAsync(JobState job);

    Task UpdateJobAsync(JobState job);
}
