namespace Spaces.Grains.Abstractions.Indexes;

/// <summary>The keys of the <see cref="IIndexGrain"/> lists, built here and nowhere else.</summary>
public static class Indexes
{
    public const string AllTokens = "tokens/all";

    public const string AllDatasets = "datasets/all";

    public static string TokensOf(string userId) => $"tokens/user/{userId}";

    public static string DatasetsOf(string userId) => $"datasets/user/{userId}";

    /// <summary>Requests a user submitted, in every space.</summary>
    public static string RequestsOf(string userId) => $"requests/user/{userId}";
}
