namespace Spaces.Tokenizers;

/// <summary>
/// The BPE merge loop over one piece's symbols (token ids, initially one per byte). It repeatedly merges the adjacent pair
/// with the lowest rank, leftmost first, until no pair has a rank — the order HF tokenizers (word.rs) and tiktoken use.
/// That equals the reference loop (lowest rank, all occurrences left to right) for every merges file in which a merge never
/// creates a pair ranked before itself, which holds for trained files such as GPT-2's.
/// </summary>
internal static class BytePairMerger
{
    /// <summary>Above this many symbols the linear-scan loop (O(n²)) gives way to a heap (O(n log n)).</summary>
    public const int LargePieceThreshold = 128;

    /// <summary>Merges <paramref name="symbols"/> in place and returns how many remain at its start.</summary>
    public static int Merge(MergeTable merges, Span<int> symbols)
    {
        return symbols.Length <= LargePieceThreshold ? MergeSmall(merges, symbols) : MergeLarge(merges, symbols);
    }

    /// <summary>tiktoken's vector algorithm: ranks of every adjacent pair in an array, a linear scan for the minimum.</summary>
    private static int MergeSmall(MergeTable merges, Span<int> symbols)
    {
        var count = symbols.Length;
        if (count < 2)
        {
            return count;
        }
        Span<int> ranks = stackalloc int[count];
        Span<int> mergedIds = stackalloc int[count];
        for (var i = 0; i < count - 1; i++)
        {
            ranks[i] = merges.Find(symbols[i], symbols[i + 1], out mergedIds[i]);
        }
        ranks[count - 1] = MergeTable.NoRank;
        while (count > 1)
        {
            var best = MergeTable.NoRank;
            var at = -1;
            for (var i = 0; i < count - 1; i++)
            {
                if (ranks[i] < best)
                {
                    best = ranks[i];
                    at = i;
                }
            }
            if (at < 0)
            {
                break;
            }
            symbols[at] = mergedIds[at];
            // Remove the right-hand symbol of the merged pair.
            var tail = count - at - 2;
            symbols.Slice(at + 2, tail).CopyTo(symbols[(at + 1)..]);
            ranks.Slice(at + 2, tail).CopyTo(ranks[(at + 1)..]);
            mergedIds.Slice(at + 2, tail).CopyTo(mergedIds[(at + 1)..]);
            count--;
            ranks[count - 1] = MergeTable.NoRank;
            if (at > 0)
            {
                ranks[at - 1] = merges.Find(symbols[at - 1], symbols[at], out mergedIds[at - 1]);
            }
            if (at < count - 1)
            {
                ranks[at] = merges.Find(symbols[at], symbols[at + 1], out mergedIds[at]);
            }
        }
        return count;
    }

    /// <summary>
    /// A doubly linked list of symbols and a heap of candidate merges ordered by (rank, original position); stale
    /// candidates (a side already merged away) are skipped when popped. Keeps pathological pieces (50 KB without a space) fast.
    /// </summary>
    private static int MergeLarge(MergeTable merges, Span<int> symbols)
    {
        var count = symbols.Length;
        var next = new int[count];
        var previous = new int[count];
        var queue = new PriorityQueue<Candidate, long>(count);
        for (var i = 0; i < count; i++)
        {
            next[i] = i + 1 < count ? i + 1 : -1;
            previous[i] = i - 1;
        }
        for (var i = 0; i < count - 1; i++)
        {
            Enqueue(merges, queue, symbols, i, i + 1);
        }
        while (queue.TryDequeue(out var candidate, out _))
        {
            var left = candidate.Position;
            var right = next[left];
            // Symbols only ever grow into new ids, so unchanged ids on both sides prove the candidate is still current.
            if (right < 0 || symbols[left] != candidate.Left || symbols[right] != candidate.Right)
            {
                continue;
            }
            symbols[left] = candidate.Merged;
            symbols[right] = -1;
            next[left] = next[right];
            if (next[right] >= 0)
            {
                previous[next[right]] = left;
            }
            if (previous[left] >= 0)
            {
                Enqueue(merges, queue, symbols, previous[left], left);
            }
            if (next[left] >= 0)
            {
                Enqueue(merges, queue, symbols, left, next[left]);
            }
        }
        var written = 0;
        for (var i = 0; i >= 0; i = next[i])
        {
            symbols[written++] = symbols[i];
        }
        return written;
    }

    private static void Enqueue(MergeTable merges, PriorityQueue<Candidate, long> queue, Span<int> symbols, int left, int right)
    {
        var rank = merges.Find(symbols[left], symbols[right], out var merged);
        if (rank != MergeTable.NoRank)
        {
            queue.Enqueue(new Candidate(left, symbols[left], symbols[right], merged), ((long)rank << 32) | (uint)left);
        }
    }

    private readonly record struct Candidate(int Position, int Left, int Right, int Merged);
}
