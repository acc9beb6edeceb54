using System.Diagnostics;
using System.Text;

namespace Spaces.Tests.Infrastructure;

/// <summary>Runs a program to completion with a bounded wait, capturing its output.</summary>
public static class ExternalProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string phase, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => stdout.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Wait.ForAsync(process.WaitForExitAsync(), phase, timeout ?? TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{e.Message}\nstdout: {stdout}\nstderr: {stderr}");
        }
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a script of <c>Tests/js</c> under Node, failing with what to do when Node or its packages are missing.</summary>
    public static async Task<Result> RunNodeAsync(string script, IEnumerable<string> arguments, string phase)
    {
        var folder = RepoPaths.Of("Tests", "js");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@microsoft", "signalr")))
        {
            throw new InvalidOperationException($"The JS client is not installed: run 'npm ci' in {folder} (the README's test command does)");
        }
        return await RunAsync("node", [Path.Combine(folder, script), .. arguments], phase, workingDirectory: folder);
    }
}
