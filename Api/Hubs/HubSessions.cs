using Microsoft.AspNetCore.SignalR;
using Orleans;
using Spaces.Api.Auth;
using Spaces.Grains.Abstractions.Accounts;

namespace Spaces.Api.Hubs;

/// <summary>
/// Hub connections opened with a session cookie last no longer than the session. Sign-out and a password change on
/// this host close them (<see cref="PasswordSignIn"/> through <see cref="HubConnections"/>); a session ended on another
/// host is caught at the connection's next hub call (<see cref="SpacesHubFilter"/>), which asks the user's grain.
/// </summary>
public sealed class HubSessions(HubConnections connections, IGrainFactory grains)
{
    /// <summary>Tracks a cookie connection, then closes it if its session ended while it was being opened.</summary>
    public async Task TrackAsync(HubCallerContext context)
    {
        if (context.User?.UserId() is not { } userId || context.User.SessionId() is not { } session)
        {
            return;
        }
        connections.TrackSession(context, userId, session);
        // A sign-out between the cookie's check and the line above closed this host's connections without this one.
        if (!await grains.GetGrain<IUserGrain>(userId).IsSessionLiveAsync(session))
        {
            context.Abort();
        }
    }

    /// <summary>False for a cookie connection whose session has ended (then closed); true for live ones and for workers.</summary>
    public async Task<bool> CheckAsync(HubCallerContext context)
    {
        if (context.User?.UserId() is not { } userId || context.User.SessionId() is not { } session
            || await grains.GetGrain<IUserGrain>(userId).IsSessionLiveAsync(session))
        {
            return true;
        }
        context.Abort();
        return false;
    }
}
