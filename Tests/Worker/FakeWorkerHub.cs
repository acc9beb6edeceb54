using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Tests.Worker;

/// <summary>A stand-in for the real /hubs/worker: records what the worker calls and lets the test push requests.</summary>
public sealed class FakeWorkerHub(FakeWorkerHubState state) : Hub
{
    public WorkerRegistration[] Register(string[] spaceNames)
    {
        if (state.RefuseWith is { } refusal && state.TakeRefusal())
        {
            throw new HubException(refusal);
        }

        state.Registered.Writer.TryWrite(Context.ConnectionId);
        return [.. spaceNames.Select(name => new WorkerRegistration(name, $"id-{name}", Context.ConnectionId))];
    }

    public void Progress(string requestId, int percent, string? message) =>
        state.Calls.Writer.TryWrite(new WorkerCall("Progress", requestId, JsonSerializer.SerializeToElement(new { percent, message })));

    public void Complete(string requestId, JsonElement result) =>
        state.Calls.Writer.TryWrite(new WorkerCall("Complete", requestId, result.Clone()));

    public void Fail(string requestId, string error) =>
        state.Calls.Writer.TryWrite(new WorkerCall("Fail", requestId, JsonSerializer.SerializeToElement(error)));
}

/// <summary>One call the worker made: Progress, Complete or Fail.</summary>
public sealed record WorkerCall(string Method, string RequestId, JsonElement Payload);

public sealed class FakeWorkerHubState
{
    private int _refusalsLeft = int.MaxValue;

    /// <summary>When set, Register throws a HubException with this text (<see cref="RefuseTimes"/> times, or always).</summary>
    public string? RefuseWith { get; set; }

    /// <summary>How many registrations <see cref="RefuseWith"/> refuses before it accepts them; unlimited unless set.</summary>
    public int RefuseTimes
    {
        set => Volatile.Write(ref _refusalsLeft, value);
    }

    public Channel<string> Registered { get; } = Channel.CreateUnbounded<string>();

    public Channel<WorkerCall> Calls { get; } = Channel.CreateUnbounded<WorkerCall>();

    /// <summary>Bytes served at GET /files/{name}, behind the bearer check.</summary>
    public Dictionary<string, byte[]> Files { get; } = [];

    internal bool TakeRefusal() => Interlocked.Decrement(ref _refusalsLeft) >= 0;
}

/// <summary>Starts the fake hub and pushes Request/Cancel the way the real server does (fire-and-forget).</summary>
public static class FakeWorkerServer
{
    public static Task<TestHubServer> StartAsync(FakeWorkerHubState state, int port = 0, Action<HubOptions>? configureHub = null) =>
        TestHubServer.StartAsync(
            services => services.AddSingleton(state),
            app =>
            {
                app.MapHub<FakeWorkerHub>(WorkerHubMethods.Path);
                app.MapGet("/files/{name}", (string name) =>
                    state.Files.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, "application/octet-stream") : Results.NotFound());
            },
            port,
            configureHub);

    public static Task SendRequestAsync(this TestHubServer server, string connectionId, WorkerRequest request) =>
        server.Services.GetRequiredService<IHubContext<FakeWorkerHub>>().Clients.Client(connectionId).SendAsync(WorkerHubMethods.Request, request);

    public static Task SendCancelAsync(this TestHubServer server, string connectionId, string requestId) =>
        server.Services.GetRequiredService<IHubContext<FakeWorkerHub>>().Clients.Client(connectionId)
            .SendAsync(WorkerHubMethods.Cancel, new WorkerCancel(requestId));

    public static WorkerRequest NewRequest(string prompt, params WorkerFile[] files) =>
        new($"req-{Guid.NewGuid():N}", "id-A", "A", prompt, files, 1, DateTimeOffset.UtcNow);
}
