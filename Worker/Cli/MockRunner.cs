using Microsoft.Extensions.Logging;
using Spaces.Worker.Sdk;

namespace Spaces.Worker.Cli;

/// <summary>Settings of <c>spaces-worker mock</c>; <paramref name="EchoFiles"/> uploads each received file back as a result file.</summary>
public sealed record MockSettings(
    string Host, IReadOnlyList<string> Spaces, string Token, bool Verbose, TimeSpan StepDelay, bool EchoFiles = false);

/// <summary>
/// <c>spaces-worker mock</c>: the C# counterpart of the seed's mock_app.py, printing the same lines.
/// Returns the process exit code: 0 when stopped, 1 when the connection or the registration fails.
/// </summary>
public static class MockRunner
{
    public static async Task<int> RunAsync(MockSettings settings, TextWriter output, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var console = new ConsoleReporter(output, TimeProvider.System, settings.Verbose);
        var spaceList = string.Join(", ", settings.Spaces);
        console.Banner("Mock WebSocket Inference App", [
            ("Host", settings.Host),
            (settings.Spaces.Count == 1 ? "Space" : "Spaces", spaceList),
            ("Verbose", settings.Verbose ? "True" : "False"),
        ]);
        console.Info($"Initializing connection to {settings.Host}");
        console.Info(settings.Spaces.Count == 1 ? $"Space name: {spaceList}" : $"Space names: {spaceList}");

        SpacesWorker worker;
        try
        {
            worker = new SpacesWorker(
                new SpacesWorkerOptions { Host = settings.Host, Token = settings.Token, Spaces = settings.Spaces },
                loggerFactory);
        }
        catch (ArgumentException e)
        {
            console.Error(e.Message);
            return 1;
        }

        Subscribe(worker, console, settings);
        console.Info($"Connecting to {settings.Host}...");
        var inference = new MockInference(console, settings.StepDelay, settings.EchoFiles, TimeProvider.System);
        try
        {
            await worker.RunAsync(inference.HandleAsync, cancellationToken);
            console.Info("Stopped; connection closed");
            return 0;
        }
        catch (RegistrationRefusedException e)
        {
            console.Error($"Registration failed: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is WorkerConnectionException or HttpRequestException)
        {
            console.Error($"Connection failed: {e.Message}");
            return 1;
        }
    }

    private static void Subscribe(SpacesWorker worker, ConsoleReporter console, MockSettings settings)
    {
        worker.Connected += (_, e) =>
        {
            console.Success(e.IsReconnect ? "SignalR connection re-established" : "SignalR connection established");
            foreach (var space in settings.Spaces)
            {
                console.Info($"Sent registration for space: {space}");
            }
        };
        worker.Registered += (_, e) =>
        {
            console.Success("Registration successful!");
            foreach (var registration in e.Registrations)
            {
                console.Info($"Connection ID: {registration.ConnectionId}");
                console.Info($"Space ID: {registration.SpaceId}");
                console.Info($"Successfully connected to space \"{registration.SpaceName}\"");
            }

            console.Info("Request processor started");
        };
        worker.Reconnecting += (_, e) =>
        {
            console.Error($"Connection lost: {e.Reason?.Message ?? "closed by the server"}");
            console.Info($"Reconnecting in {e.Delay.TotalSeconds:0.#} s (attempt {e.Attempt})...");
        };
        worker.RequestReceived += (_, e) =>
        {
            console.Request("New inference request received");
            console.Detail($"Request ID: {e.Request.RequestId}");
            console.Detail($"Space: {e.Request.SpaceName}");
            console.Detail($"Queue size: {e.QueueLength}");
            console.Detail($"Prompt: {e.Request.Prompt}", verboseOnly: true);
            console.Detail($"Files: {e.Request.Files.Count}", verboseOnly: true);
            foreach (var file in e.Request.Files)
            {
                console.Detail($"  - {file.Name} ({file.Kind}, {file.ContentType}, {file.Size} bytes)", verboseOnly: true);
            }
        };
        worker.RequestCancelled += (_, e) =>
            console.Info($"Request {e.RequestId} cancelled by the server{(e.WasRunning ? " while running" : " before it started")}");
    }
}
