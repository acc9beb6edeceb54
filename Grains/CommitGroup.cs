using Orleans;
using Orleans.Runtime;

namespace Spaces.Grains;

/// <summary>A commit group's name and how many writes it holds; carried in the call context, across silos too.</summary>
[GenerateSerializer, Immutable, Alias("spaces.commit-group")]
public readonly record struct CommitGroupTag([property: Id(0)] string Id, [property: Id(1)] int Writes);

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
    public static CommitGroupTag? Current => RequestContext.Get(Key) is CommitGroupTag group ? group : null;

    /// <summary>Starts group <paramref name="id"/> of <paramref name="writes"/> writes for the calls and writes made until <see cref="End"/>.</summary>
    public static void Begin(string id, int writes) => RequestContext.Set(Key, new CommitGroupTag(id, writes));

    public static void End() => RequestContext.Remove(Key);
}
