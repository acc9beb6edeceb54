using Microsoft.AspNetCore.SignalR;

namespace Spaces.Tests.Worker;

/// <summary>A hub exercising each part of the client: results, errors, large messages, and server→client calls.</summary>
public sealed class EchoHub(EchoHubEvents events) : Hub
{
    public const string Path = "/hubs/echo";

    public string Echo(string message) => message;

    public int Add(int a, int b) => a + b;

    public void Throw(string message) => throw new HubException(message);

    /// <summary>Larger than any single WebSocket frame the server writes, so the client must reassemble it.</summary>
    public Task SendLarge(int length) => Clients.Caller.SendAsync("Large", new string('x', length) + "!");

    /// <summary>Fire-and-forget to the caller: no invocation id, so the client must not answer.</summary>
    public Task Notify(string text) => Clients.Caller.SendAsync("Notified", text);

    /// <summary>A client result: the server waits for the client's Completion.</summary>
    public Task<string> AskClient(string question) =>
        Clients.Caller.InvokeAsync<string>("Question", question, Context.ConnectionAborted);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        events.Disconnected.TrySetResult(exception);
        return Task.CompletedTask;
    }
}

/// <summary>What the echo hub observed, shared with the test.</summary>
public sealed class EchoHubEvents
{
    public TaskCompletionSource<Exception?> Disconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
