using Orleans;

namespace Spaces.Grains;

/// <summary>
/// Ids, oldest first: an index's newest ids (its head, the state <see cref="IndexGrain"/> writes on every change) and where
/// its older, sealed pages are; a sealed page is stored in the same shape, in a state of its own (see IndexGrain). Ids are
/// stored as one string: written as a list of strings, a user's list of 1,000 requests cost Orleans' serializer a string
/// and a reference-table entry per id on every write (72 % of the host's sampled allocations in `spaces-bench`'s
/// single-user run, measured with `dotnet-trace --profile gc-verbose`; as one string, 58 %: a join and one UTF-8 copy),
/// which the pages then cut to at most a page's worth per write.
/// </summary>
[GenerateSerializer, Alias("spaces.index-state")]
public sealed class IndexState
{
    /// <summary>Never inside an id: ids are grain keys (<c>GrainKeys.IsWellFormed</c>).</summary>
    private const char Separator = '\n';

    [field: NonSerialized]
    public List<string> Ids { get; set; } = [];

    /// <summary>What is stored: the ids joined by <see cref="Separator"/>.</summary>
    [Id(1)]
    public string Packed
    {
        get => string.Join(Separator, Ids);
        set => Ids = string.IsNullOrEmpty(value) ? [] : [.. value.Split(Separator)];
    }

    /// <summary>The number of the oldest sealed page; pages <c>FirstPage</c> to <c>FirstPage + PageCount - 1</c> are stored.</summary>
    [Id(2)]
    public int FirstPage { get; set; }

    [Id(3)]
    public int PageCount { get; set; }

    /// <summary>How many of the oldest page's ids are no longer listed (trimmed to a list's newest ids).</summary>
    [Id(4)]
    public int Skip { get; set; }

    /// <summary>The form stored before: one string per id. Read into <see cref="Ids"/>; never written again.</summary>
    [Id(0)]
    public List<string>? Unpacked
    {
        get => null;
        set
        {
            if (value is { Count: > 0 })
            {
                Ids = value;
            }
        }
    }
}
