using System.Buffers.Binary;
using Spaces.Silo.Blobs;

namespace Spaces.Silo.Datasets.Tokenization;

/// <summary>
/// Writes token sequences into shards: <c>shard-NNNNN.tokens</c> holds the ids, little-endian, 2 bytes each when the
/// vocabulary fits (GPT-2's does) or 4; <c>shard-NNNNN.index</c> holds one little-endian int64 offset (in tokens) per
/// sequence plus a final end offset. A shard is flushed once it reaches the size limit, so memory stays bounded.
/// Shard names are deterministic, so a job that runs again overwrites its own earlier output; one resumed after a
/// checkpoint starts at <paramref name="storedShards"/>, the shards before it kept as they are.
/// </summary>
public sealed class TokenShardWriter(IBlobStore blobs, string prefix, int vocabularySize, int tokensPerShard, int storedShards = 0)
{
    private readonly int _width = vocabularySize <= ushort.MaxValue + 1 ? 2 : 4;
    private readonly MemoryStream _tokens = new();
    private readonly List<long> _offsets = [];
    private readonly List<string> _shards = [.. Enumerable.Range(0, storedShards).Select(i => NameOf(prefix, i))];
    private long _tokensInShard;

    public IReadOnlyList<string> Shards => _shards;

    /// <summary>Appends one sequence; true when the shard is full and <see cref="FlushAsync"/> is due.</summary>
    public bool Add(ReadOnlySpan<int> sequence)
    {
        _offsets.Add(_tokensInShard);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var id in sequence)
        {
            if (_width == 2)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(buffer, (ushort)id);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(buffer, id);
            }
            _tokens.Write(buffer[.._width]);
        }
        _tokensInShard += sequence.Length;
        return _tokensInShard >= tokensPerShard;
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_offsets.Count > 0)
        {
            await FlushAsync(cancellationToken);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var name = NameOf(prefix, _shards.Count);
        _tokens.Position = 0;
        await blobs.PutAsync($"{name}.tokens", _tokens, cancellationToken);
        var index = new MemoryStream((_offsets.Count + 1) * 8);
        Span<byte> buffer = stackalloc byte[8];
        foreach (var offset in _offsets.Append(_tokensInShard))
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, offset);
            index.Write(buffer);
        }
        index.Position = 0;
        await blobs.PutAsync($"{name}.index", index, cancellationToken);
        _shards.Add(name);
        _tokens.SetLength(0);
        _offsets.Clear();
        _tokensInShard = 0;
    }

    private static string NameOf(string prefix, int shard) => $"{prefix}shard-{shard:D5}";
}
