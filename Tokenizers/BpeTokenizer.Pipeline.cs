using System.Buffers;
using System.Text;
using Spaces.Tokenizers.Pipeline;

namespace Spaces.Tokenizers;

/// <summary>
/// Every file except GPT-2's shape: the segment is normalized and pre-tokenized by the <see cref="TextPipeline"/>, then each
/// piece goes through byte-level BPE (as GPT-2's) or through BPE over its chars with byte fallback (SentencePiece's files).
/// </summary>
public sealed partial class BpeTokenizer
{
    [ThreadStatic]
    private static List<Piece>? t_pieces;

    private void EncodeThroughPipeline(ReadOnlySpan<char> segment, List<int> destination, bool atStart)
    {
        var text = _pipeline!.Normalize(segment, atStart);
        var pieces = t_pieces ??= [];
        pieces.Clear();
        _pipeline.Split(text, pieces);
        foreach (var (start, length) in pieces)
        {
            var piece = text.AsSpan(start, length);
            if (_cache is not null && _cache.TryGet(piece, out var cached))
            {
                destination.AddRange(cached);
            }
            else if (!_byteLevel)
            {
                EncodeTextPiece(piece, destination);
            }
            else if (piece.Length <= StackPieceChars)
            {
                EncodeSmallPiece(piece, destination);
            }
            else
            {
                EncodeLargePiece(piece, destination);
            }
        }
    }

    /// <summary>
    /// HF's BPE <c>merge_word</c> over text: one symbol per char found in the vocabulary, else its UTF-8 bytes'
    /// <c>&lt;0xXX&gt;</c> tokens (<c>byte_fallback</c>, when all exist), else the unknown token (one per run with <c>fuse_unk</c>),
    /// else nothing; then the merge loop.
    /// </summary>
    private void EncodeTextPiece(ReadOnlySpan<char> piece, List<int> destination)
    {
        if (_ignoreMerges && _tokenIdsBySpan.TryGetValue(piece, out var whole) && !_addedOnly[whole])
        {
            destination.Add(whole);
            _cache?.TryAdd(piece, [whole]);
            return;
        }
        var symbols = ArrayPool<int>.Shared.Rent(piece.Length * 4);
        try
        {
            var count = 0;
            var afterUnknown = false;
            Span<byte> utf8 = stackalloc byte[4];
            for (var i = 0; i < piece.Length;)
            {
                var width = char.IsHighSurrogate(piece[i]) && i + 1 < piece.Length && char.IsLowSurrogate(piece[i + 1]) ? 2 : 1;
                var chars = piece.Slice(i, width);
                i += width;
                if (_tokenIdsBySpan.TryGetValue(chars, out var id) && !_addedOnly[id])
                {
                    symbols[count++] = id;
                    afterUnknown = false;
                }
                else if (TryByteFallback(chars, utf8, symbols, ref count))
                {
                    afterUnknown = false;
                }
                else if (_unkId >= 0)
                {
                    if (!(_fuseUnk && afterUnknown))
                    {
                        symbols[count++] = _unkId;
                    }
                    afterUnknown = true;
                }
            }
            count = BytePairMerger.Merge(_merges, symbols.AsSpan(0, count));
            var ids = symbols.AsSpan(0, count);
            destination.AddRange(ids);
            _cache?.TryAdd(piece, ids);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(symbols);
        }
    }

    private bool TryByteFallback(ReadOnlySpan<char> chars, Span<byte> utf8, int[] symbols, ref int count)
    {
        var length = Encoding.UTF8.GetBytes(chars, utf8);
        for (var b = 0; b < length; b++)
        {
            if (_byteFallbackIds[utf8[b]] < 0)
            {
                return false;
            }
        }
        for (var b = 0; b < length; b++)
        {
            symbols[count++] = _byteFallbackIds[utf8[b]];
        }
        return true;
    }
}
