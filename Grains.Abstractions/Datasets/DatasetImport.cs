using Orleans;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>What to import from the Hub: a dataset repo, an optional config and revision, and a split spec such as <c>train[:1%]</c>.</summary>
[GenerateSerializer, Immutable, Alias("spaces.dataset-import")]
public sealed record DatasetImport([property: Id(0)] string RepoId, [property: Id(1)] string? Config, [property: Id(2)] string Split, [property: Id(3)] string? Revision);
