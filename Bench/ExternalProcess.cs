using System.Diagnostics;

namespace Spaces.Bench;

/// <summary>Runs a command to its end: its standard output is the answer, a non-zero exit or the timeout an error naming it.</summary>
public static class ExternalProcess
{
    /// <param name="forwardStandardError">Pass the command's progress lines through to ours as they come, instead of only on failure.</param>
    public static async Task<string> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory,
        TimeSpan timeout,
        bool forwardStandardError,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var name = Path.GetFileName(fileName);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = forwardStandardError ? ForwardAsync(process.StandardError, cancellationToken) : process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{name} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        var (output, errors) = (await stdout, await stderr);
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{name} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {errors}{output}");
    }

    private static async Task<string> ForwardAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            await Console.Error.WriteLineAsync(line);
        }

        return "(its standard error is above)";
    }
}
