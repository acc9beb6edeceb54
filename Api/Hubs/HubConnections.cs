using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Spaces.Api.Hubs;

/// <summary>
/// This node's hub connections that authenticated with a worker token, and the spaces each worker attached,
/// so revoking a token can close its live connections and a disconnect can detach exactly what was attached.
/// </summary>
public sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Track(HubCallerContext context, string tokenId) => _entries[context.ConnectionId] = new Entry(context, tokenId);

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

    private sealed record Entry(HubCallerContext Context, string TokenId)
    {
        public HashSet<string> Attached { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, string> Dispatched { get; } = new(StringComparer.Ordinal);
    }
}
