namespace Spaces.HuggingFace;

/// <summary>
/// One shard of the dataset viewer's Parquet conversion. <see cref="Url"/> is what the Hub listed (an API URL that
/// redirects to <c>resolve/refs%2Fconvert%2Fparquet/...</c>); download it with <see cref="HubClient.DownloadAsync(ParquetShard, Stream, IProgress{DownloadProgress}?, CancellationToken)"/>.
/// </summary>
public sealed record ParquetShard(string RepoId, string Config, string Split, int Index, Uri Url);

/// <summary>The Parquet conversion listing: config → split → shards ordered by index.</summary>
public sealed record ParquetConversion(string RepoId, IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<ParquetShard>>> Configs)
{
    public IReadOnlyList<string> ConfigNames => [.. Configs.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The split names of <paramref name="config"/>, or an error that lists the configs there are.</summary>
    public IReadOnlyList<string> SplitNames(string config) => [.. Config(config).Keys.Order(StringComparer.Ordinal)];

    /// <summary>The shards of one split, or an error that names what is available.</summary>
    public IReadOnlyList<ParquetShard> GetShards(string config, string split)
    {
        var splits = Config(config);
        if (!splits.TryGetValue(split, out var shards))
        {
            throw new HuggingFaceException(HuggingFaceErrorKind.EntryNotFound,
                $"Split '{split}' of config '{config}' has no Parquet conversion for dataset {RepoId}; available splits: {string.Join(", ", SplitNames(config))}.");
        }

        return shards;
    }

    private IReadOnlyDictionary<string, IReadOnlyList<ParquetShard>> Config(string config)
    {
        if (!Configs.TryGetValue(config, out var splits))
        {
            var available = Configs.Count == 0 ? "none" : string.Join(", ", ConfigNames);
            throw new HuggingFaceException(HuggingFaceErrorKind.EntryNotFound,
                $"Config '{config}' has no Parquet conversion for dataset {RepoId}; available configs: {available}.");
        }

        return splits;
    }
}
