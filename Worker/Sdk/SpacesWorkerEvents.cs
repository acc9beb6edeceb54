using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Worker.Sdk;

/// <summary>
/// The hub connection is up (before registration). Without negotiate the server's connection id is only known from
/// <see cref="WorkerRegistration.ConnectionId"/>.
/// </summary>
public sealed class WorkerConnectedEventArgs(bool isReconnect) : EventArgs
{
    public bool IsReconnect { get; } = isReconnect;
}

/// <summary>The server accepted <c>Register</c> for these spaces.</summary>
public sealed class WorkerRegisteredEventArgs(IReadOnlyList<WorkerRegistration> registrations) : EventArgs
{
    public IReadOnlyList<WorkerRegistration> Registrations { get; } = registrations;
}

/// <summary>The connection dropped (or a reconnect failed); the worker waits <see cref="Delay"/> and tries again.</summary>
public sealed class WorkerReconnectingEventArgs(int attempt, TimeSpan delay, Exception? reason) : EventArgs
{
    /// <summary>1 for the first attempt after a drop; reset once registered again.</summary>
    public int Attempt { get; } = attempt;

    public TimeSpan Delay { get; } = delay;

    public Exception? Reason { get; } = reason;
}

/// <summary>A request arrived and waits behind <see cref="QueueLength"/> - 1 others.</summary>
public sealed class WorkerRequestReceivedEventArgs(WorkerRequest request, int queueLength) : EventArgs
{
    public WorkerRequest Request { get; } = request;

    public int QueueLength { get; } = queueLength;
}

/// <summary>The server cancelled a request; <see cref="WasRunning"/> tells whether its handler had started.</summary>
public sealed class WorkerRequestCancelledEventArgs(string requestId, bool wasRunning) : EventArgs
{
    public string RequestId { get; } = requestId;

    public bool WasRunning { get; } = wasRunning;
}
