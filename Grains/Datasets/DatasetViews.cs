using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;

namespace Spaces.Grains.Datasets;

/// <summary>Dataset rows as the contract shows them.</summary>
public static class DatasetViews
{
    public static IReadOnlyList<DatasetFile> Files(DatasetState d) =>
        JsonSerializer.Deserialize<List<DatasetFile>>(d.FilesJson, SpacesJson.Options) ?? [];

    public static TokenizationInfo? Tokenization(DatasetState d) =>
        d.TokenizationJson is { } json ? JsonSerializer.Deserialize<TokenizationInfo>(json, SpacesJson.Options) : null;

    public static DatasetView From(DatasetState d) => new(
        d.Id,
        d.RepoId,
        d.Config,
        d.Split,
        d.Revision,
        d.Status,
        d.Progress,
        d.Message,
        d.NumSamples,
        d.SizeBytes,
        Files(d),
        Tokenization(d),
        d.StatisticsJson is { } stats ? JsonSerializer.Deserialize<JsonElement>(stats) : null,
        d.Error,
        DateTimeOffset.FromUnixTimeMilliseconds(d.CreatedAt));
}
