using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Spaces.Api.Hubs;

/// <summary>
/// This node's hub connections with who opened them: a worker token (with the spaces each worker attached, so a
/// disconnect can detach exactly what was attached) or a user's session cookie. Revoking a token or ending a session
/// closes the connections it opened, as a request with it would be refused from then on.
/// </summary>
public sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Track(HubCallerContext context, string tokenId) => _entries[context.ConnectionId] = new Entry(context, tokenId, null);

    public void TrackSession(HubCallerContext context, string userId, string sessionId) =>
        _entries[context.ConnectionId] = new Entry(context, null, new SessionOf(userId, sessionId));

    public void Forget(string connectionId) => _entries.TryRemove(connectionId, out _);

    /// <summary>False when the connection is already gone: the caller must undo the attachment itself.</summary>
    public bool TryAddAttached(string connectionId, string spaceId)
    {
        if (!_entries.TryGetValue(connectionId, out var entry))
        {
            return false;
        }
        lock (entry.Attached)
        {
            entry.Attached.Add(spaceId);
        }
        return true;
    }

    public void RemoveAttached(string connectionId, string spaceId)
    {
        if (_entries.TryGetValue(connectionId, out var entry))
        {
            lock (entry.Attached)
            {
                entry.Attached.Remove(spaceId);
            }
        }
    }

    public IReadOnlyList<string> Attached(string connectionId)
    {
        if (!_entries.TryGetValue(connectionId, out var entry))
        {
            return [];
        }
        lock (entry.Attached)
        {
            return [.. entry.Attached];
        }
    }

    public bool IsAttached(string connectionId, string spaceId)
    {
        if (!_entries.TryGetValue(connectionId, out var entry))
        {
            return false;
        }
        lock (entry.Attached)
        {
            return entry.Attached.Contains(spaceId);
        }
    }

    /// <summary>Closes every live connection that authenticated with the token; their disconnect handlers do the rest.</summary>
    public int AbortByToken(string tokenId)
    {
        var aborted = 0;
        foreach (var entry in _entries.Values.Where(e => e.TokenId == tokenId))
        {
            entry.Context.Abort();
            aborted++;
        }
        return aborted;
    }

    public bool IsConnected(string connectionId) => _entries.ContainsKey(connectionId);

    /// <summary>Remembers which space dispatched a request to the connection, so its reports go there without a lookup.</summary>
    public void Dispatched(string connectionId, string requestId, string spaceId)
    {
        if (_entries.TryGetValue(connectionId, out var entry))
        {
            entry.Dispatched[requestId] = spaceId;
        }
    }

    /// <summary>The space that dispatched the request to the connection, if this host sent it.</summary>
    public string? DispatchedBy(string connectionId, string requestId) =>
        _entries.TryGetValue(connectionId, out var entry) && entry.Dispatched.TryGetValue(requestId, out var spaceId) ? spaceId : null;

    public void Ended(string connectionId, string requestId)
    {
        if (_entries.TryGetValue(connectionId, out var entry))
        {
            entry.Dispatched.TryRemove(requestId, out _);
        }
    }

    /// <summary>Closes the user's live connections whose session matches; their disconnect handlers do the rest.</summary>
    public int AbortBySession(string userId, Func<string, bool> sessionMatches)
    {
        var aborted = 0;
        foreach (var entry in _entries.Values.Where(e => e.Session is { } s && s.UserId == userId && sessionMatches(s.SessionId)))
        {
            entry.Context.Abort();
            aborted++;
        }
        return aborted;
    }

    private sealed record SessionOf(string UserId, string SessionId);

    private sealed record Entry(HubCallerContext Context, string? TokenId, SessionOf? Session)
    {
        // Created on first use: only worker connections attach spaces and receive dispatches, so a watcher's entry (most
        // connections) does not carry an empty set and an empty concurrent dictionary, ~0.6 KiB, for as long as it is open.
        public HashSet<string> Attached => LazyInitializer.EnsureInitialized(ref field, static () => new HashSet<string>(StringComparer.Ordinal));

        public ConcurrentDictionary<string, string> Dispatched =>
            LazyInitializer.EnsureInitialized(ref field, static () => new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
    }
}
