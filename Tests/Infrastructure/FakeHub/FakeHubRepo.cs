using System.Security.Cryptography;
using System.Text;

namespace Spaces.Tests.Infrastructure.FakeHub;

/// <summary>A dataset or model repo of the fake: files per revision, Parquet shards, and an optional gate token.</summary>
internal sealed class FakeHubRepo(string kind, string id)
{
    public string Kind { get; } = kind;

    public string Id { get; } = id;

    public string? RequiredToken { get; set; }

    /// <summary>False when the dataset info lists no <c>siblings</c>, so only the tree listing names the files.</summary>
    public bool InfoListsSiblings { get; set; } = true;

    /// <summary>With no conversion, <c>/parquet</c> answers a bare 404 (no <c>X-Error-Code</c>) instead of <c>{}</c>.</summary>
    public bool ParquetListingIsBare404 { get; set; }

    /// <summary>revision name → path → file. Guarded by the server's lock.</summary>
    public Dictionary<string, SortedDictionary<string, FakeHubFile>> Revisions { get; } = new(StringComparer.Ordinal);

    /// <summary>config → split → shard count, for the /parquet listing.</summary>
    public SortedDictionary<string, SortedDictionary<string, int>> ParquetShards { get; } = new(StringComparer.Ordinal);

    public static string CommitOf(string id, string revision) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{id}@{revision}")));

    /// <summary>A revision by branch name or by the commit sha the fake reports for it.</summary>
    public (string Name, SortedDictionary<string, FakeHubFile> Files)? FindRevision(string revision)
    {
        if (Revisions.TryGetValue(revision, out var files))
        {
            return (revision, files);
        }

        foreach (var (name, byName) in Revisions)
        {
            if (CommitOf(Id, name) == revision)
            {
                return (name, byName);
            }
        }

        return null;
    }

    public SortedDictionary<string, FakeHubFile> FilesOf(string revision)
    {
        if (!Revisions.TryGetValue(revision, out var files))
        {
            files = new SortedDictionary<string, FakeHubFile>(StringComparer.Ordinal);
            Revisions[revision] = files;
        }

        return files;
    }
}
