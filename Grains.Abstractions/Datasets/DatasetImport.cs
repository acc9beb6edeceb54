namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>What to import from the Hub: a dataset repo, an optional config and revision, and a split spec such as <c>train[:1%]</c>.</summary>
public sealed record DatasetImport(string RepoId, string? Config, string Split, string? Revision);
