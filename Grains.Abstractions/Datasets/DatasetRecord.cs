using Orleans;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>A dataset, who owns it (for the checks that decide who may see it) and the last seq of its progress channel.</summary>
[GenerateSerializer, Immutable, Alias("spaces.dataset-record")]
public sealed record DatasetRecord([property: Id(0)] DatasetView View, [property: Id(1)] string OwnerId, [property: Id(2)] long Seq);
