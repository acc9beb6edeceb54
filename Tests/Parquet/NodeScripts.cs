using System.Diagnostics;

namespace Spaces.Tests.Parquet;

/// <summary>Runs the Tests/js/parquet-*.mjs scripts with Node; fails (never skips) when Node or the npm packages are missing.</summary>
internal static class NodeScripts
{
    private static readonly string[] RequiredPackages = ["hyparquet", "hyparquet-writer", "@dsnp/parquetjs"];

    public static string JsDirectory { get; } = FindJsDirectory();

    public static string Run(string script, IEnumerable<string> arguments, TimeSpan timeout, string phase)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = JsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(JsDirectory, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{phase}: could not start node (is Node 20 installed?)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{phase}: node {script} did not finish within {timeout}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{phase}: node {script} exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }

    private static string FindJsDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Spaces.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"Cannot find the repository root (Spaces.sln) above {AppContext.BaseDirectory}");
        }

        var js = Path.Combine(directory.FullName, "Tests", "js");
        var missing = RequiredPackages.Where(p => !Directory.Exists(Path.Combine(js, "node_modules", p))).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException(
                $"Parquet tests need the npm packages {string.Join(", ", missing)}: run npm ci in Tests/js ({js})");
        }

        return js;
    }
}
