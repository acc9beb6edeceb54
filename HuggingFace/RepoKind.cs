namespace Spaces.HuggingFace;

/// <summary>The Hub's repo types we read: datasets, and models (for tokenizer files).</summary>
public enum RepoKind
{
    Dataset,
    Model,
}
