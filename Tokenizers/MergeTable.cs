using System.Runtime.CompilerServices;

namespace Spaces.Tokenizers;

/// <summary>
/// (left id, right id) → (rank, merged id), as an open-addressing hash table over one packed 64-bit key:
/// a lookup is a multiply, a shift and usually one probe, with no string or tuple allocated per merge.
/// </summary>
internal sealed class MergeTable
{
    public const int NoRank = int.MaxValue;

    private const ulong EmptyKey = ulong.MaxValue;
    private readonly ulong[] _keys;
    private readonly long[] _values;
    private readonly int _shift;
    private readonly int _mask;

    public MergeTable(IReadOnlyList<(int Left, int Right, int Merged)> merges)
    {
        // Load factor at most 1/2 keeps probe sequences short.
        var capacityBits = Math.Max(4, 64 - ulong.LeadingZeroCount((ulong)Math.Max(1, merges.Count) * 2));
        var capacity = 1 << (int)capacityBits;
        _keys = new ulong[capacity];
        _values = new long[capacity];
        Array.Fill(_keys, EmptyKey);
        _mask = capacity - 1;
        _shift = 64 - (int)capacityBits;
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (left, right, merged) = merges[rank];
            var key = Pack(left, right);
            var slot = Slot(key);
            while (_keys[slot] != EmptyKey && _keys[slot] != key)
            {
                slot = (slot + 1) & _mask;
            }
            // A repeated pair keeps its first (highest-priority) rank, as a dictionary built in file order with TryAdd would.
            if (_keys[slot] == EmptyKey)
            {
                _keys[slot] = key;
                _values[slot] = ((long)rank << 32) | (uint)merged;
            }
        }
    }

    /// <summary>The rank of merging <paramref name="left"/> with <paramref name="right"/>, or <see cref="NoRank"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(int left, int right, out int merged)
    {
        var key = Pack(left, right);
        var slot = Slot(key);
        while (true)
        {
            var candidate = _keys[slot];
            if (candidate == key)
            {
                var value = _values[slot];
                merged = (int)value;
                return (int)(value >> 32);
            }
            if (candidate == EmptyKey)
            {
                merged = -1;
                return NoRank;
            }
            slot = (slot + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Pack(int left, int right) => ((ulong)(uint)left << 32) | (uint)right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift) & _mask;
}
