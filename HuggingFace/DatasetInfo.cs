using System.Text.Json;

namespace Spaces.HuggingFace;

/// <summary>The fields of <c>GET /api/datasets/{repo}</c> the service uses. Pin <see cref="Sha"/> for reproducible downloads.</summary>
public sealed record DatasetInfo(
    string Id,
    string? Author,
    string? Sha,
    DateTimeOffset? LastModified,
    bool Private,
    string? Gated,
    bool Disabled,
    long? Downloads,
    long? Likes,
    IReadOnlyList<string> Tags,
    IReadOnlyList<RepoSibling> Siblings,
    JsonElement? CardData)
{
    /// <summary>True when the Hub reports <c>gated</c> as "auto" or "manual" rather than false.</summary>
    public bool IsGated => Gated is not null;
}

/// <summary>One file of <see cref="DatasetInfo.Siblings"/>; its path has passed <see cref="HubPaths.EnsureSafeRelativePath"/>.</summary>
public sealed record RepoSibling(string Path, long? Size, string? LfsSha256);
