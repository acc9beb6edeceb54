namespace Spaces.HuggingFace;

public enum RepoEntryType
{
    File,
    Directory,
}

/// <summary>
/// One entry of the tree listing. <see cref="Path"/> has passed <see cref="HubPaths.EnsureSafeRelativePath"/>.
/// <see cref="Oid"/> is the git blob sha1; <see cref="LfsSha256"/> is set for LFS files.
/// </summary>
public sealed record RepoEntry(RepoEntryType Type, string Path, long Size, string? Oid, string? LfsSha256)
{
    public bool IsFile => Type == RepoEntryType.File;
}
