using System.CommandLine;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Spaces.Bench.Floor;

/// <summary>
/// `spaces-bench floor-server`, started by <see cref="TransportFloor"/> and <c>SignalRFloorPeer</c>, not by hand: the least
/// a submission's path and a fan-out can cost on this machine, in a server process of its own. POST /submit hands the
/// prompt to the one registered worker over SignalR (WebSockets, JSON, as the Spaces hub does) and answers 202; with
/// <c>--journal</c> it first appends the prompt to a file and fsyncs it, the one durable write an acknowledged request
/// needs. No sign-in, grains, queue or state: what the two transports, and one fsync, cost alone. /hubs/status is the
/// fan-out floor: <c>Subscribe(channel, afterSeq)</c> joins a SignalR group and <c>Publish(channel, message)</c> sends
/// <c>Event({channel, seq, type, data: {message}})</c>, the Spaces status hub's message, to it through SignalR's own
/// group send, in one process, with no backplane.
/// </summary>
public static class FloorServer
{
    public const string HubPath = "floor";
    public const string RegisterMethod = "Register";
    public const string RequestMethod = "Request";
    public const string CompleteMethod = "Complete";
    public const string FanoutHubPath = "hubs/status";
    public const string PublishMethod = "Publish";

    /// <summary>Starts the floor server as a process of its own on a free loopback port; with <paramref name="durable"/>, it fsyncs a journal.</summary>
    public static Task<HostProcess> StartAsync(bool durable, CancellationToken cancellationToken)
    {
        var port = HostProcess.FreeLoopbackPort();
        var dataPath = Directory.CreateTempSubdirectory("spaces-bench-floor-");
        List<string> arguments = ["floor-server", "--urls", $"http://127.0.0.1:{port}"];
        if (durable)
        {
            arguments.AddRange(["--journal", Path.Combine(dataPath.FullName, "journal")]);
        }

        return HostProcess.LaunchAsync(typeof(FloorServer).Assembly.Location, arguments, new Dictionary<string, string>(), port, dataPath, cancellationToken);
    }

    public static Command CreateCommand()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, http://127.0.0.1:PORT", Required = true };
        var journal = new Option<string?>("--journal") { Description = "A file to append and fsync each prompt and completion to" };
        var command = new Command("floor-server", "The transport floor's server (spaces-bench floor starts it)") { urls, journal };
        command.Hidden = true;
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetRequiredValue(urls), parse.GetValue(journal), cancellationToken));
        return command;
    }

    private static async Task RunAsync(string urls, string? journalPath, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        builder.Services.AddSingleton(new Journal(journalPath));
        builder.Services.AddSingleton<RegisteredWorker>();
        var app = builder.Build();
        app.MapGet("/health", () => Results.Ok());
        app.MapHub<FloorHub>("/" + HubPath);
        app.MapHub<FanoutHub>("/" + FanoutHubPath);
        app.MapPost("/submit", async (Submission submission, RegisteredWorker worker, Journal journal, IHubContext<FloorHub> hub) =>
        {
            if (worker.ConnectionId is not { } connectionId)
            {
                return Results.Problem("No worker is registered.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            journal.Append(submission.Prompt);
            await hub.Clients.Client(connectionId).SendAsync(RequestMethod, submission.Prompt);
            return Results.Accepted();
        });
        await app.RunAsync(cancellationToken);
    }

    public sealed record Submission(string Prompt);

    private sealed class RegisteredWorker
    {
        public volatile string? ConnectionId;
    }

    private sealed class FloorHub(RegisteredWorker worker, Journal journal) : Hub
    {
        public void Register() => worker.ConnectionId = Context.ConnectionId;

        public void Complete(string prompt) => journal.Append(prompt);
    }

    private sealed class FanoutHub : Hub
    {
        private static long _seq;

        public async Task<object> Subscribe(string channel, long afterSeq)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, channel);
            return new { seq = Interlocked.Read(ref _seq), reset = false, replay = Array.Empty<object>() };
        }

        public Task Publish(string channel, string message) =>
            Clients.Group(channel).SendAsync("Event", new { channel, seq = Interlocked.Increment(ref _seq), type = "progress", data = new { message } });
    }

    /// <summary>One line per call, on disk before the call returns (fsync), one writer at a time.</summary>
    private sealed class Journal(string? path)
    {
        private readonly FileStream? _file = path is null ? null : new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        private readonly Lock _lock = new();

        public void Append(string line)
        {
            if (_file is null)
            {
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            lock (_lock)
            {
                _file.Write(bytes);
                _file.Flush(flushToDisk: true);
            }
        }
    }
}
