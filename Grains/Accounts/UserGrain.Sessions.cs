using System.Security.Cryptography;

namespace Spaces.Grains.Accounts;

/// <summary>
/// Sessions: each sign-in gets a random id that its cookie carries, and the cookie is good only while the id is here.
/// Sign-out and a password change remove ids, so a copied cookie stops working at once, not when it expires.
/// </summary>
public sealed partial class UserGrain
{
    public Task<bool> IsSessionLiveAsync(string sessionId)
    {
        var now = time.GetUtcNow();
        return Task.FromResult(user.RecordExists && user.State.Sessions.Exists(s => s.Id == sessionId && s.ExpiresAt > now));
    }

    public async Task EndSessionAsync(string sessionId)
    {
        if (user.RecordExists && user.State.Sessions.RemoveAll(s => s.Id == sessionId) > 0)
        {
            await user.WriteStateAsync();
        }
    }

    public async Task EndAllSessionsAsync()
    {
        if (user.RecordExists && user.State.Sessions.Count > 0)
        {
            user.State.Sessions.Clear();
            await user.WriteStateAsync();
        }
    }

    /// <summary>Adds a session, first dropping expired ones and then the oldest past the bound, so the list stays small.</summary>
    private UserSession StartSession()
    {
        var now = time.GetUtcNow();
        var sessions = user.State.Sessions;
        sessions.RemoveAll(s => s.ExpiresAt <= now);
        var max = Math.Max(1, options.Value.MaxSessions);
        if (sessions.Count >= max)
        {
            sessions.RemoveRange(0, sessions.Count - max + 1);
        }
        var session = new UserSession(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), now, now + options.Value.SessionLifetime);
        sessions.Add(session);
        return session;
    }
}
