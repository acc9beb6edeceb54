namespace Spaces.HuggingFace;

/// <summary>One file of a Hub repo at a revision (a branch, tag, commit sha or <c>refs/convert/parquet</c>).</summary>
public sealed record HubFile(RepoKind Kind, string RepoId, string Path, string Revision = HubFile.DefaultRevision)
{
    public const string DefaultRevision = "main";

    /// <summary>The branch where the dataset viewer stores its Parquet conversion.</summary>
    public const string ParquetRevision = "refs/convert/parquet";

    public static HubFile Dataset(string repoId, string path, string revision = DefaultRevision) => new(RepoKind.Dataset, repoId, path, revision);

    public static HubFile Model(string repoId, string path, string revision = DefaultRevision) => new(RepoKind.Model, repoId, path, revision);

    public override string ToString() => $"{Path} in {Kind.ToString().ToLowerInvariant()} {RepoId}@{Revision}";
}
