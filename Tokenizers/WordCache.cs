using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Spaces.Tokenizers;

/// <summary>
/// Piece text → token ids, shared by all threads. Bounded the way HF tokenizers bounds its cache: once full it stops
/// taking new words (no eviction), and long pieces are never cached. Lookups take a span, so a hit allocates nothing.
/// </summary>
internal sealed class WordCache
{
    private readonly ConcurrentDictionary<string, int[]> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly int _capacity;
    private readonly int _maxWordLength;
    private int _count;

    public WordCache(int capacity, int maxWordLength)
    {
        _capacity = capacity;
        _maxWordLength = maxWordLength;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(ReadOnlySpan<char> word, [NotNullWhen(true)] out int[]? ids) => _bySpan.TryGetValue(word, out ids);

    public void TryAdd(ReadOnlySpan<char> word, ReadOnlySpan<int> ids)
    {
        if (word.Length > _maxWordLength || Volatile.Read(ref _count) >= _capacity)
        {
            return;
        }
        if (_bySpan.TryAdd(word, ids.ToArray()))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
