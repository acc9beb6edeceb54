namespace Spaces.Tests.Infrastructure;

/// <summary>Folders of this checkout, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Spaces.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Spaces.sln above {AppContext.BaseDirectory}");
    }
}
