using Orleans;

namespace Spaces.Grains;

/// <summary>
/// A list of ids, oldest first (listed newest first). Stored as one string: written as a list of strings, a user's list of
/// 1,000 requests cost Orleans' serializer a string and a reference-table entry per id on every write, which each of
/// the user's submissions pays (72 % of the host's sampled allocations in `spaces-bench`'s single-user run, measured with
/// `dotnet-trace --profile gc-verbose`; as one string, the list's write is 58 %: a join and one UTF-8 copy). Each add
/// still rewrites the whole list.
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
