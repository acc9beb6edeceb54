namespace Spaces.Grains.Datasets;

public static class JobKinds
{
    public const string Import = "import";
    public const string Tokenize = "tokenize";
}

/// <summary>A tokenization's status, as <see cref="Abstractions.Datasets.TokenizationInfo.Status"/> shows it.</summary>
public static class JobStatuses
{
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}
