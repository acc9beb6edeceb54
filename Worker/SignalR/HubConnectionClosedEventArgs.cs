namespace Spaces.Worker.SignalR;

/// <summary>Why a connection ended.</summary>
/// <param name="Error">Null when the client stopped the connection or the server closed it cleanly without an error.</param>
/// <param name="AllowReconnect">The server's Close message said an automatically reconnecting client may reconnect.</param>
/// <param name="ClosedByClient">The connection ended because this client called <see cref="HubConnection.StopAsync"/> or disposed it.</param>
public sealed class HubConnectionClosedEventArgs(Exception? error, bool allowReconnect, bool closedByClient) : EventArgs
{
    public Exception? Error { get; } = error;

    public bool AllowReconnect { get; } = allowReconnect;

    public bool ClosedByClient { get; } = closedByClient;
}
