namespace Spaces.Bench;

/// <summary>The peers measured side by side run as Node scripts of <c>Tests/js</c>; this finds and runs them.</summary>
public static class NodeScripts
{
    /// <summary>The checkout's root: the first folder with Spaces.sln above the binary or the current folder.</summary>
    public static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Spaces.sln")))
                {
                    return folder.FullName;
                }
            }
        }
        throw new InvalidOperationException("No Spaces.sln above the binary or the current folder");
    }

    /// <summary>Runs <paramref name="script"/> and returns its standard output; a non-zero exit or the timeout is an error naming it.</summary>
    public static Task<string> RunAsync(
        string jsDirectory, string script, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        ExternalProcess.RunAsync("node", [Path.Combine(jsDirectory, script), .. arguments], jsDirectory, timeout, forwardStandardError: false, cancellationToken);
}
