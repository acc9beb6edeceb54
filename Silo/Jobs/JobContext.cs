using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Datasets;

namespace Spaces.Silo.Jobs;

/// <summary>The job being run and the grain it reports to.</summary>
public sealed class JobContext(JobState job, IDatasetGrain dataset)
{
    public JobState Job { get; } = job;

    public IDatasetGrain Dataset { get; } = dataset;

    public T Payload<T>() => JsonSerializer.Deserialize<T>(Job.PayloadJson, SpacesJson.Options)
        ?? throw new InvalidOperationException($"Job {Job.Id} has no payload");

    public Task ReportAsync(double progress, string message, bool force = false) => Dataset.ReportProgressAsync(Job.Id, progress, message, force);
}
