namespace Spaces.HuggingFace;

/// <summary>What a request is about, so an error message can name the repo, revision and file.</summary>
internal sealed record HubTarget(RepoKind Kind, string RepoId, string? Revision = null, string? Path = null)
{
    public static HubTarget For(HubFile file) => new(file.Kind, file.RepoId, file.Revision, file.Path);

    public string Noun => Kind == RepoKind.Dataset ? "Dataset" : "Model";

    public string Describe() =>
        Path is not null ? $"{Path} in {Noun.ToLowerInvariant()} {RepoId}{AtRevision}" : $"{Noun.ToLowerInvariant()} {RepoId}{AtRevision}";

    private string AtRevision => Revision is null ? "" : $" at revision '{Revision}'";
}
