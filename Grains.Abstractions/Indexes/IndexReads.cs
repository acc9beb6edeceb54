using Orleans;

namespace Spaces.Grains.Abstractions.Indexes;

public static class IndexReads
{
    /// <summary>
    /// What <paramref name="read"/> gives for each id of an index, newest first, read in parallel; ids whose entity is
    /// gone (deleted after it was listed) are left out.
    /// </summary>
    public static async Task<IReadOnlyList<T>> ReadIndexAsync<T>(this IGrainFactory grains, string indexKey, Func<string, Task<T?>> read)
        where T : class
    {
        var ids = await grains.GetGrain<IIndexGrain>(indexKey).ListAsync();
        var entries = await Task.WhenAll(ids.Select(read));
        return [.. entries.OfType<T>()];
    }
}
