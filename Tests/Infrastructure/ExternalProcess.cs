using System.Diagnostics;
using System.Text;

namespace Spaces.Tests.Infrastructure;

/// <summary>
/// Runs the Node scripts of Tests/js, the Python scripts of Tests/python and the shell scripts of scripts/ to completion
/// with a bounded wait, capturing their output.
/// </summary>
public static class ExternalProcess
{
    private sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static async Task<Result> RunAsync(
        string fileName, IEnumerable<string> arguments, string phase, TimeSpan? timeout = null, string? workingDirectory = null,
        IDictionary<string, string>? environment = null)
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
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
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

    /// <summary>
    /// Runs a script of <c>Tests/js</c> under Node and returns its standard output. Fails, saying what to do, when the npm
    /// packages are not installed, and with the script's standard error when it exits non-zero.
    /// </summary>
    public static async Task<string> RunNodeScriptAsync(
        string script, IEnumerable<string> arguments, string phase, TimeSpan? timeout = null, IDictionary<string, string>? environment = null)
    {
        var folder = RepoPaths.Of("Tests", "js");
        if (!File.Exists(Path.Combine(folder, "node_modules", ".package-lock.json")))
        {
            throw new InvalidOperationException($"The test-side npm packages are not installed: run 'npm ci' in {folder} (the README's test command does)");
        }
        var run = await RunAsync("node", [Path.Combine(folder, script), .. arguments], phase, timeout, folder, environment);
        return run.ExitCode == 0
            ? run.Stdout
            : throw new InvalidOperationException($"{phase}: node {script} exited {run.ExitCode}: {run.Stderr}");
    }
    /// <summary>
    /// Runs a script of <c>Tests/python</c> with Debian's <c>/usr/bin/python3</c> and returns its standard output. Fails, saying
    /// what to install, when a module it imports is missing, and with the script's standard error when it exits non-zero.
    /// </summary>
    public static async Task<string> RunPythonScriptAsync(string script, IEnumerable<string> arguments, string phase, TimeSpan? timeout = null)
    {
        const string Python = "/usr/bin/python3";
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: install Debian's python3 (the README's test command does)");
        }
        var run = await RunAsync(Python, [RepoPaths.Of("Tests", "python", script), .. arguments], phase, timeout);
        if (run.ExitCode != 0 && run.Stderr.Contains("ModuleNotFoundError", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{phase}: a Python module is missing (apt-get install python3-requests python3-websockets; the README's test command does): {run.Stderr}");
        }
        return run.ExitCode == 0
            ? run.Stdout
            : throw new InvalidOperationException($"{phase}: python3 {script} exited {run.ExitCode}: {run.Stderr}");
    }

    /// <summary>
    /// Runs a script of <c>scripts/</c> with bash from the repository's root and returns its standard output; fails with its
    /// output when it exits non-zero.
    /// </summary>
    public static async Task<string> RunRepoScriptAsync(
        string script, IEnumerable<string> arguments, string phase, TimeSpan? timeout = null, IDictionary<string, string>? environment = null)
    {
        var run = await RunAsync("bash", [RepoPaths.Of("scripts", script), .. arguments], phase, timeout, RepoPaths.Root, environment);
        return run.ExitCode == 0
            ? run.Stdout
            : throw new InvalidOperationException($"{phase}: scripts/{script} exited {run.ExitCode}: {run.Stderr}\n{run.Stdout}");
    }

    /// <summary>
    /// Sends a signal (TERM, INT) to a process with the system's <c>kill</c>: .NET can only SIGKILL another process, and a
    /// graceful stop (a server flushing what it holds) needs SIGTERM.
    /// </summary>
    public static async Task SignalAsync(int processId, string signal)
    {
        var run = await RunAsync("kill", [$"-{signal}", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)], $"kill -{signal} {processId}");
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {processId} exited {run.ExitCode}: {run.Stderr}");
        }
    }
}
