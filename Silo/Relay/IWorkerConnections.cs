using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Silo.Relay;

/// <summary>This host's worker connections, as the host's hub holds them: the <see cref="WorkerRelay"/> pushes through here.</summary>
public interface IWorkerConnections
{
    bool IsConnected(string connectionId);

    /// <summary>Whether the connection is held here and was sent the request, with no outcome or cancel since.</summary>
    bool Holds(string connectionId, string requestId);

    /// <summary>Pushes the request to the connection; false when this host does not hold it.</summary>
    Task<bool> SendRequestAsync(string connectionId, WorkerRequest request);

    Task<bool> SendCancelAsync(string connectionId, WorkerCancel cancel);
}
