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
    private const char WordStart = '\u2581';
    private const int MaxSpanningTokens = 64;

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
                EncodeTextPieceByWords(piece, destination);
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
    /// SentencePiece-style files make a long piece: Llama 2 and Mistral have no pre-tokenizer, and Gemma's splits on spaces
    /// that its normalizer has already replaced. Merging it whole is slow (measured 2.3 MB/s for the llama2 package's file,
    /// 9 MB/s for Gemma 3's on the benchmark text) and never cached. A token can only span a word start (a <c>▁</c> right
    /// after another char) if it holds one itself; Mistral's vocabulary has none, Gemma 3's one (<c>&gt;▁&lt;/</c>). So the
    /// piece is cut at every word start that no occurrence of such a token covers, which gives the same ids, word by word,
    /// with the cache. With more than <see cref="MaxSpanningTokens"/> such tokens the piece is merged whole.
    /// </summary>
    private void EncodeTextPieceByWords(ReadOnlySpan<char> piece, List<int> destination)
    {
        if (_spanningTokens is null)
        {
            EncodeTextPiece(piece, destination);
            return;
        }
        var start = 0;
        for (var i = 1; i <= piece.Length; i++)
        {
            if (i < piece.Length && (piece[i] != WordStart || piece[i - 1] == WordStart || IsSpanned(piece, i)))
            {
                continue;
            }
            var word = piece[start..i];
            if (_cache is not null && _cache.TryGet(word, out var cached))
            {
                destination.AddRange(cached);
            }
            else
            {
                EncodeTextPiece(word, destination);
            }
            start = i;
        }
    }

    /// <summary>Whether an occurrence of a vocabulary token that holds a word start covers the word start at <paramref name="at"/>.</summary>
    private bool IsSpanned(ReadOnlySpan<char> piece, int at)
    {
        foreach (var (token, offsets) in _spanningTokens!)
        {
            foreach (var offset in offsets)
            {
                var begin = at - offset;
                if (begin >= 0 && begin + token.Length <= piece.Length && piece.Slice(begin, token.Length).SequenceEqual(token))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The vocabulary tokens holding a word start, each with those positions; null when there are too many.</summary>
    private static (string Token, int[] Offsets)[]? FindSpanningTokens(IEnumerable<string> vocabulary)
    {
        var spanning = new List<(string, int[])>();
        foreach (var token in vocabulary)
        {
            if (token.AsSpan(1).IndexOf(WordStart) < 0)
            {
                continue;
            }
            var offsets = Enumerable.Range(1, token.Length - 1).Where(i => token[i] == WordStart && token[i - 1] != WordStart).ToArray();
            if (offsets.Length > 0)
            {
                spanning.Add((token, offsets));
                if (spanning.Count > MaxSpanningTokens)
                {
                    return null;
                }
            }
        }
        return [.. spanning];
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
