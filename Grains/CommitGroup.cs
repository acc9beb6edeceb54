using Orleans.Runtime;

namespace Spaces.Grains;

/// <summary>How many writes of one change a commit group holds so far, and its name.</summary>
public readonly record struct CommitGroupTag(string Id, int Writes);

/// <summary>
/// The writes of one change that several grains make side by side (a space and its new request, with the user's list):
/// the grain that starts the change names a group and its number of writes in the call context, which Orleans carries
/// into the calls it makes. The embedded store holds the first writes of a group, briefly and
/// bounded, until the others arrive, so that the change costs one commit instead of one per grain. Other stores write
/// as they always do: the grains' crash windows are the same either way.
/// </summary>
public static class CommitGroup
{
    private const string Key = "spaces.commit-group";

    /// <summary>The group the current call's writes belong to, if any.</summary>
    public static CommitGroupTag? Current =>
        RequestContext.Get(Key) is string value && value.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
        && int.TryParse(value.AsSpan(0, colon), out var writes)
            ? new CommitGroupTag(value[(colon + 1)..], writes)
            : null;

    /// <summary>Starts group <paramref name="id"/> of <paramref name="writes"/> writes for the calls and writes made until <see cref="End"/>.</summary>
    public static void Begin(string id, int writes) => RequestContext.Set(Key, $"{writes}:{id}");

    public static void End() => RequestContext.Remove(Key);
}
