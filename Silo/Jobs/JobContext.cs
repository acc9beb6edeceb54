using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;

namespace Spaces.Silo.Jobs;

/// <summary>The job run being worked on and the grain it reports to.</summary>
public sealed class JobContext(JobTicket job, IDatasetGrain dataset)
{
    public JobTicket Job { get; } = job;

    public IDatasetGrain Dataset { get; } = dataset;

    public T Payload<T>() => JsonSerializer.Deserialize<T>(Job.PayloadJson, SpacesJson.Options)
        ?? throw new InvalidOperationException($"Job {Job.Id} has no payload");

    public Task ReportAsync(double progress, DatasetMessage message, bool force = false) => Dataset.ReportProgressAsync(Job.Id, progress, message, force);
}
