using System.Text.Json.Nodes;

namespace Spaces.Tests.Infrastructure.FakeHub;

/// <summary>Builds the tree listing entries (files and their folders) the way <c>/api/…/tree/{rev}/{path}</c> returns them.</summary>
internal static class FakeHubTree
{
    public static List<JsonNode> Entries(SortedDictionary<string, FakeHubFile> files, string under, bool recursive)
    {
        var prefix = under.Length == 0 ? "" : under.TrimEnd('/') + "/";
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        var entries = new List<(string Path, JsonNode Node)>();
        foreach (var (path, file) in files)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var relative = path[prefix.Length..];
            var slash = relative.IndexOf('/', StringComparison.Ordinal);
            if (!recursive && slash >= 0)
            {
                folders.Add(prefix + relative[..slash]);
                continue;
            }

            for (var i = relative.IndexOf('/', StringComparison.Ordinal); recursive && i >= 0; i = relative.IndexOf('/', i + 1))
            {
                folders.Add(prefix + relative[..i]);
            }

            entries.Add((path, FileEntry(path, file)));
        }

        entries.AddRange(folders.Select(f => (f, (JsonNode)new JsonObject { ["type"] = "directory", ["oid"] = new string('0', 40), ["size"] = 0, ["path"] = f })));
        return [.. entries.OrderBy(e => e.Path, StringComparer.Ordinal).Select(e => e.Node)];
    }

    private static JsonObject FileEntry(string path, FakeHubFile file)
    {
        var entry = new JsonObject { ["type"] = "file", ["oid"] = file.GitOid, ["size"] = file.Length, ["path"] = path };
        if (file.IsLfs)
        {
            entry["lfs"] = new JsonObject { ["oid"] = file.Sha256, ["size"] = file.Length, ["pointerSize"] = 134 };
        }

        return entry;
    }
}
