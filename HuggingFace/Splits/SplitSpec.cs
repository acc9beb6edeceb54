namespace Spaces.HuggingFace.Splits;

/// <summary>
/// A parsed <c>datasets</c> split spec such as <c>train[:10%]+test[-100:]</c> (PROTOCOLS.md §3.6). Parse it when the
/// user submits it, so a malformed spec fails before anything runs; resolve it once the row count of each split is known.
/// </summary>
public sealed class SplitSpec
{
    private SplitSpec(string text, IReadOnlyList<SplitInstruction> instructions)
    {
        Text = text;
        Instructions = instructions;
    }

    /// <summary>The spec as written.</summary>
    public string Text { get; }

    /// <summary>The parts in the order written; their rows are concatenated in this order.</summary>
    public IReadOnlyList<SplitInstruction> Instructions { get; }

    /// <summary>The distinct splits the spec reads, in order of first use: the ones to download.</summary>
    public IReadOnlyList<string> SplitNames => [.. Instructions.Select(i => i.Split).Distinct(StringComparer.Ordinal)];

    /// <summary>Parses and validates the syntax, rounding and percent range; throws <see cref="SplitSpecException"/>.</summary>
    public static SplitSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var instructions = new SplitSpecParser(spec).ParseAll();

        // §3.6: parts joined with '+' must not mix rounding modes when both use percent.
        var firstPercent = instructions.FirstOrDefault(i => i.IsPercent);
        var mismatch = instructions.FirstOrDefault(i => i.IsPercent && i.Rounding != firstPercent?.Rounding);
        if (firstPercent is not null && mismatch is not null)
        {
            throw SplitSpecException.InPart(spec, mismatch,
                $"the rounding {Name(mismatch.Rounding)} differs from {Name(firstPercent.Rounding)} in \"{firstPercent.Text}\"; "
                + "percent parts joined with '+' must use the same rounding");
        }

        return new SplitSpec(spec, instructions);
    }

    public static bool TryParse(string spec, out SplitSpec? result, out SplitSpecException? error)
    {
        try
        {
            result = Parse(spec);
            error = null;
            return true;
        }
        catch (SplitSpecException e)
        {
            result = null;
            error = e;
            return false;
        }
    }

    /// <summary>
    /// The concrete row ranges, in the order written, given the number of rows of each split. Parts that select
    /// nothing (<c>from &gt;= to</c>) are left out; a spec that selects nothing at all, an unknown split, or <c>pct1_dropremainder</c> on a split
    /// of fewer than 100 rows throws <see cref="SplitSpecException"/>.
    /// </summary>
    public IReadOnlyList<SplitRange> Resolve(IReadOnlyDictionary<string, long> rowsPerSplit)
    {
        ArgumentNullException.ThrowIfNull(rowsPerSplit);
        var all = Instructions.Select(i => ResolveOne(i, rowsPerSplit)).ToList();
        var selected = all.Where(r => r.Count > 0).ToList();
        if (selected.Count == 0)
        {
            var explained = string.Join("; ", all.Select((r, i) =>
                $"\"{Instructions[i].Text}\" is rows [{r.Start}, {r.End}) of {rowsPerSplit[r.Split]}"));
            throw new SplitSpecException(Text, $"Split \"{Text}\" selects no rows: {explained}.");
        }

        return selected;
    }

    /// <summary>The total number of rows the resolved spec selects.</summary>
    public long CountRows(IReadOnlyDictionary<string, long> rowsPerSplit) => Resolve(rowsPerSplit).Sum(r => r.Count);

    public override string ToString() => Text;

    private SplitRange ResolveOne(SplitInstruction instruction, IReadOnlyDictionary<string, long> rowsPerSplit)
    {
        if (!rowsPerSplit.TryGetValue(instruction.Split, out var n))
        {
            var available = rowsPerSplit.Count == 0 ? "none" : string.Join(", ", rowsPerSplit.Keys.Order(StringComparer.Ordinal));
            throw SplitSpecException.InPart(Text, instruction, $"the split '{instruction.Split}' does not exist; available splits: {available}");
        }

        if (instruction.Rounding == SplitRounding.Pct1DropRemainder && n < 100)
        {
            throw SplitSpecException.InPart(Text, instruction,
                $"pct1_dropremainder needs at least 100 rows but '{instruction.Split}' has {n}: every 1% would be empty");
        }

        var from = instruction.From is { } f ? ToAbsolute(f, instruction, n) : 0;
        var to = instruction.To is { } t ? ToAbsolute(t, instruction, n) : n;

        // Negative values count from the end; both ends clamp to [0, n]; from >= to selects nothing.
        from = Math.Min(from < 0 ? Math.Max(n + from, 0) : from, n);
        to = Math.Min(to < 0 ? Math.Max(n + to, 0) : to, n);
        return new SplitRange(instruction.Split, from, to);
    }

    private static long ToAbsolute(long bound, SplitInstruction instruction, long n) => instruction.Rounding switch
    {
        null => bound,
        // Python: int(round(b * n / 100.0)); round() and MidpointRounding.ToEven both send halves to even.
        SplitRounding.Closest => (long)Math.Round((double)(bound * n) / 100.0, MidpointRounding.ToEven),
        SplitRounding.Pct1DropRemainder => bound * (n / 100),
        _ => throw new ArgumentOutOfRangeException(nameof(instruction)),
    };

    private static string Name(SplitRounding? rounding) => rounding == SplitRounding.Pct1DropRemainder ? "pct1_dropremainder" : "closest";
}
