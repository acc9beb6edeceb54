using System.Diagnostics;

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
    public static async Task<string> RunAsync(
        string jsDirectory, string script, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = jsDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(jsDirectory, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var node = Process.Start(start) ?? throw new InvalidOperationException("could not start node (is Node 20 installed?)");
        var stdout = node.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = node.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await node.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {timeout}");
        }
        return node.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"{script} exited {node.ExitCode}: {await stderr}");
    }
}
