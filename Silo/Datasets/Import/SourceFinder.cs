using Spaces.Grains.Abstractions.Datasets;
using Spaces.HuggingFace;
using Spaces.HuggingFace.Splits;
using Spaces.Silo.Datasets.Readers;
using Spaces.Silo.Jobs;

namespace Spaces.Silo.Datasets.Import;

/// <summary>
/// Finds the files of each split the spec names. The Hub's Parquet conversion comes first (one canonical format for
/// every dataset); a dataset without one, or an import pinned to a revision, uses the repo's own data files.
/// </summary>
public sealed class SourceFinder(HubClient hub)
{
    public async Task<IReadOnlyList<SourceFile>> FindAsync(DatasetImport import, SplitSpec spec, CancellationToken cancellationToken)
    {
        if (import.Revision is null or HubFile.DefaultRevision && await FromParquetConversionAsync(import, spec, cancellationToken) is { } shards)
        {
            return shards;
        }
        return await FromRepoFilesAsync(import, spec, cancellationToken);
    }

    private async Task<IReadOnlyList<SourceFile>?> FromParquetConversionAsync(DatasetImport import, SplitSpec spec, CancellationToken cancellationToken)
    {
        ParquetConversion conversion;
        try
        {
            conversion = await hub.GetParquetConversionAsync(import.RepoId, cancellationToken);
        }
        // A dataset that was never converted may answer with any kind of 404, a bare one included. The repo's own
        // listing comes next and says with authority whether the repo exists.
        catch (HuggingFaceException e) when (e.Kind is HuggingFaceErrorKind.EntryNotFound or HuggingFaceErrorKind.RevisionNotFound or HuggingFaceErrorKind.RepositoryNotFound)
        {
            return null;
        }
        if (conversion.Configs.Count == 0)
        {
            return null;
        }
        var config = import.Config ?? DefaultConfig(conversion.ConfigNames, import.RepoId);
        try
        {
            return [.. spec.SplitNames.SelectMany(split => conversion.GetShards(config, split).Select(shard =>
                new SourceFile(split, $"{config}/{split}/{shard.Index:D4}.parquet", DatasetFormats.Parquet, null, shard, null)))];
        }
        catch (HuggingFaceException e)
        {
            throw new JobFailedException(DatasetMessages.DownloadFailed(e.Message), e);
        }
    }

    private async Task<IReadOnlyList<SourceFile>> FromRepoFilesAsync(DatasetImport import, SplitSpec spec, CancellationToken cancellationToken)
    {
        var revision = import.Revision ?? HubFile.DefaultRevision;
        var entries = (await hub.ListDatasetFilesAsync(import.RepoId, revision, cancellationToken))
            .Where(e => e.IsFile && DatasetFormats.Detect(e.Path) is not null)
            .Where(e => import.Config is null || e.Path.Split('/').Contains(import.Config, StringComparer.Ordinal))
            .ToList();
        var files = new List<SourceFile>();
        foreach (var split in spec.SplitNames)
        {
            var matching = entries.Where(e => BelongsToSplit(e.Path, split)).OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
            if (matching.Count == 0)
            {
                throw new JobFailedException(DatasetMessages.NoDataFiles(import.RepoId, split));
            }
            files.AddRange(matching.Select(e => new SourceFile(
                split, e.Path, DatasetFormats.Detect(e.Path)!, e.Size, null, HubFile.Dataset(import.RepoId, e.Path, revision))));
        }
        return files;
    }

    /// <summary>The Hub's data-file conventions: <c>train.jsonl</c>, <c>train-00000-of-00002.parquet</c>, <c>data/train/x.csv</c>.</summary>
    private static bool BelongsToSplit(string path, string split)
    {
        var segments = path.Split('/');
        var stem = Path.GetFileNameWithoutExtension(segments[^1]);
        return stem == split
            || stem.StartsWith($"{split}-", StringComparison.Ordinal)
            || stem.StartsWith($"{split}_", StringComparison.Ordinal)
            || segments[..^1].Contains(split, StringComparer.Ordinal);
    }

    private static string DefaultConfig(IReadOnlyList<string> configs, string repoId) =>
        configs.Contains("default") ? "default"
        : configs.Count == 1 ? configs[0]
        : throw new JobFailedException(DatasetMessages.SeveralConfigs(repoId, string.Join(", ", configs)));
}
