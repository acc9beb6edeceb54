using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace Spaces.Worker.Cli;

/// <summary><c>spaces-worker mock --host URL --spaces "A,B" --token T [--verbose] [--delay-ms N] [--echo-files]</c></summary>
public static class MockCommand
{
    /// <summary>Read when --token is not given, so the secret need not appear in the process list.</summary>
    public const string TokenVariable = "SPACES_WORKER_TOKEN";

    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Spaces API base URL, e.g. http://localhost:5000", Required = true };
        var spaces = new Option<string>("--spaces") { Description = "Comma-separated names of the spaces to serve", Required = true };
        var token = new Option<string?>("--token") { Description = $"Worker token (default: ${TokenVariable})" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print prompts, files and SignalR diagnostics" };
        var delay = new Option<int>("--delay-ms") { Description = "Pause between progress steps", DefaultValueFactory = _ => 500 };
        var echoFiles = new Option<bool>("--echo-files") { Description = "Upload each received file back as a result file" };
        var command = new Command("mock", "Run a mock inference worker that answers every request of its spaces")
        {
            host, spaces, token, verbose, delay, echoFiles,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var isVerbose = parse.GetValue(verbose);
            var settings = new MockSettings(
                Host: parse.GetRequiredValue(host),
                Spaces: parse.GetRequiredValue(spaces).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Token: parse.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable) ?? "",
                Verbose: isVerbose,
                StepDelay: TimeSpan.FromMilliseconds(Math.Max(0, parse.GetValue(delay))),
                EchoFiles: parse.GetValue(echoFiles));
            // The SignalR client's own lines are diagnostics: only with --verbose (a failed connection is reported by the mock itself).
            using var loggerFactory = LoggerFactory.Create(logging => logging
                .AddSimpleConsole(console => console.SingleLine = true)
                .SetMinimumLevel(isVerbose ? LogLevel.Debug : LogLevel.Error)
                .AddFilter("Microsoft.AspNetCore", isVerbose ? LogLevel.Debug : LogLevel.None));
            return await MockRunner.RunAsync(settings, Console.Out, loggerFactory, cancellationToken);
        });
        return command;
    }
}
