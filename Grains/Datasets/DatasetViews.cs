using Spaces.Grains.Abstractions.Datasets;

namespace Spaces.Grains.Datasets;

/// <summary>Dataset state as the contract shows it.</summary>
public static class DatasetViews
{
    public static DatasetView From(string id, DatasetState d) => new(
        id, d.RepoId, d.Config, d.Split, d.Revision, d.Status, d.Progress, d.Message, d.NumSamples, d.SizeBytes,
        [.. d.Files], d.Tokenization, d.Statistics, d.Error, d.CreatedAt, d.MessageKey, d.MessageArgs);
}
