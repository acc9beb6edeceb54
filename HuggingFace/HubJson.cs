using System.Globalization;
using System.Text.Json;

namespace Spaces.HuggingFace;

/// <summary>Reads the Hub's JSON by hand: fields vary by type (e.g. <c>gated</c> is false or a string) and most are optional.</summary>
internal static class HubJson
{
    public static DatasetInfo ParseDatasetInfo(JsonElement root, string repoId)
    {
        var source = $"the file list of dataset {repoId}";
        var siblings = new List<RepoSibling>();
        if (root.TryGetProperty("siblings", out var siblingArray) && siblingArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var sibling in siblingArray.EnumerateArray())
            {
                var path = HubPaths.EnsureSafeRelativePath(RequiredString(sibling, "rfilename", source), source);
                var lfs = sibling.TryGetProperty("lfs", out var l) && l.ValueKind == JsonValueKind.Object ? l : (JsonElement?)null;
                siblings.Add(new RepoSibling(path, Long(sibling, "size") ?? (lfs is { } x ? Long(x, "size") : null), lfs is { } y ? String(y, "sha256") : null));
            }
        }

        var tags = root.TryGetProperty("tags", out var tagArray) && tagArray.ValueKind == JsonValueKind.Array
            ? tagArray.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString() ?? "").ToList()
            : [];

        return new DatasetInfo(
            Id: String(root, "id") ?? repoId,
            Author: String(root, "author"),
            Sha: String(root, "sha"),
            LastModified: Date(root, "lastModified"),
            Private: Bool(root, "private"),
            Gated: root.TryGetProperty("gated", out var gated) && gated.ValueKind == JsonValueKind.String ? gated.GetString() : null,
            Disabled: Bool(root, "disabled"),
            Downloads: Long(root, "downloads"),
            Likes: Long(root, "likes"),
            Tags: tags,
            Siblings: siblings,
            CardData: root.TryGetProperty("cardData", out var card) && card.ValueKind == JsonValueKind.Object ? card.Clone() : null);
    }

    /// <summary>One page of the tree listing. Every path is checked before anything else sees it.</summary>
    public static IEnumerable<RepoEntry> ParseTreePage(JsonElement page, string source)
    {
        if (page.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"the tree listing from {source} is not a JSON array");
        }

        foreach (var entry in page.EnumerateArray())
        {
            var path = HubPaths.EnsureSafeRelativePath(RequiredString(entry, "path", source), source);
            var type = String(entry, "type") == "directory" ? RepoEntryType.Directory : RepoEntryType.File;
            var lfs = entry.TryGetProperty("lfs", out var l) && l.ValueKind == JsonValueKind.Object ? l : (JsonElement?)null;
            var size = Long(entry, "size") ?? (lfs is { } x ? Long(x, "size") : null) ?? 0;
            yield return new RepoEntry(type, path, size, String(entry, "oid"), lfs is { } y ? String(y, "oid") : null);
        }
    }

    public static ParquetConversion ParseParquetListing(JsonElement root, string repoId)
    {
        var source = $"the Parquet listing of dataset {repoId}";
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{source} is not a JSON object");
        }

        var configs = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<ParquetShard>>>(StringComparer.Ordinal);
        foreach (var config in root.EnumerateObject())
        {
            EnsureSafeName(config.Name, "config", source);
            if (config.Value.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"config '{config.Name}' in {source} is not a JSON object");
            }

            var splits = new Dictionary<string, IReadOnlyList<ParquetShard>>(StringComparer.Ordinal);
            foreach (var split in config.Value.EnumerateObject())
            {
                EnsureSafeName(split.Name, "split", source);
                splits[split.Name] = ParseShards(split.Value, repoId, config.Name, split.Name, source);
            }

            configs[config.Name] = splits;
        }

        return new ParquetConversion(repoId, configs);
    }

    private static List<ParquetShard> ParseShards(JsonElement urls, string repoId, string config, string split, string source)
    {
        if (urls.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"split '{split}' of config '{config}' in {source} is not a JSON array");
        }

        var shards = new List<ParquetShard>();
        var position = 0;
        foreach (var item in urls.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw Invalid($"a shard of {config}/{split} in {source} is not an http(s) URL");
            }

            // The API names shards "{n}.parquet"; fall back to listing order if a server names them otherwise.
            var name = url.Segments[^1];
            var index = name.EndsWith(".parquet", StringComparison.Ordinal)
                && int.TryParse(name[..^".parquet".Length], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : position;
            shards.Add(new ParquetShard(repoId, config, split, index, url));
            position++;
        }

        shards.Sort((a, b) => a.Index.CompareTo(b.Index));
        return shards;
    }

    private static void EnsureSafeName(string name, string what, string source)
    {
        var problem = name.Contains('/') ? "it contains '/'" : HubPaths.FindPathProblem(name);
        if (problem is not null)
        {
            throw new HuggingFaceException(HuggingFaceErrorKind.UnsafePath, $"Refused {what} name '{name}' from {source}: {problem}.");
        }
    }

    private static string RequiredString(JsonElement element, string name, string source) =>
        String(element, name) ?? throw Invalid($"an entry in {source} has no '{name}'");

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            && v.TryGetInt64(out var n) ? n : null;

    private static bool Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static DateTimeOffset? Date(JsonElement element, string name) =>
        String(element, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private static HuggingFaceException Invalid(string what) =>
        new(HuggingFaceErrorKind.InvalidResponse, $"Unexpected answer from the Hub: {what}.");
}
