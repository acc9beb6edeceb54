using Orleans;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>
/// One run of a dataset's job, handed to a host's job runner. <see cref="Id"/> is new for every run: the dataset's
/// grain takes reports only from its current run, so a run orphaned by a failover changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("spaces.job-ticket")]
public sealed record JobTicket(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string DatasetId,
    [property: Id(3)] string PayloadJson,
    [property: Id(4)] int Attempt);
