namespace Spaces.Worker.SignalR;

/// <summary>A <see cref="HubConnection"/> is used once: Created → Connecting → Connected → Closed.</summary>
public enum HubConnectionState
{
    Created,
    Connecting,
    Connected,
    Closed,
}
