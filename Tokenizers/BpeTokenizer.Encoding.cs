using System.Buffers;
using System.Text;

namespace Spaces.Tokenizers;

public sealed partial class BpeTokenizer
{
    /// <summary>Pieces up to this many UTF-16 chars are converted and merged in stack buffers.</summary>
    private const int StackPieceChars = 128;

    /// <summary>The token ids of <paramref name="text"/>; see the class remarks for the two flags.</summary>
    public int[] Encode(string text, bool allowSpecialTokens = false, bool addSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        Encode(text.AsSpan(), ids, allowSpecialTokens, addSpecialTokens);
        return [.. ids];
    }

    /// <summary>
    /// Appends the token ids of <paramref name="text"/> to <paramref name="destination"/>; reuse the list to batch without allocating.
    /// </summary>
    public void Encode(ReadOnlySpan<char> text, List<int> destination, bool allowSpecialTokens = false, bool addSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (addSpecialTokens)
        {
            destination.AddRange(Template.Prefix);
        }
        var search = allowSpecialTokens ? _addedTokenSearch : _nonSpecialSearch;
        if (search is null)
        {
            EncodeSegment(text, destination, atStart: true);
        }
        else
        {
            EncodeAroundAddedTokens(text, destination, search, allowSpecialTokens);
        }
        if (addSpecialTokens)
        {
            destination.AddRange(Template.Suffix);
        }
    }

    /// <summary>How many tokens <paramref name="text"/> encodes to.</summary>
    public int CountTokens(ReadOnlySpan<char> text, bool allowSpecialTokens = false, bool addSpecialTokens = false)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        Encode(text, ids, allowSpecialTokens, addSpecialTokens);
        return ids.Count;
    }

    private void EncodeAroundAddedTokens(ReadOnlySpan<char> text, List<int> destination, SearchValues<string> search, bool allowSpecial)
    {
        var atStart = true;
        while (!text.IsEmpty)
        {
            var at = text.IndexOfAny(search);
            if (at < 0)
            {
                EncodeSegment(text, destination, atStart);
                return;
            }
            var token = LongestAddedTokenAt(text[at..], allowSpecial)
                ?? throw new InvalidOperationException("SearchValues found an added token that none of them starts");
            EncodeSegment(text[..at], destination, atStart);
            destination.Add(token.Id);
            text = text[(at + token.Content.Length)..];
            atStart = false;
        }
    }

    /// <summary>
    /// Encodes <paramref name="text"/> and cuts it into the windows Hugging Face tokenizers returns with <c>max_length</c> and
    /// <c>stride</c> (the encoding followed by its overflowing parts); see <see cref="TokenWindows"/> for the exact rule.
    /// </summary>
    public IReadOnlyList<int[]> EncodeToWindows(
        string text, int maxLength, int stride, TruncationDirection direction = TruncationDirection.Right, bool allowSpecialTokens = false)
    {
        return TokenWindows.Split(Encode(text, allowSpecialTokens), maxLength, stride, direction);
    }

    /// <summary>The longest allowed added token <paramref name="text"/> starts with (candidates are sorted longest first).</summary>
    private AddedToken? LongestAddedTokenAt(ReadOnlySpan<char> text, bool allowSpecial)
    {
        if (_addedByFirstChar.TryGetValue(text[0], out var candidates))
        {
            foreach (var token in candidates)
            {
                if ((allowSpecial || !token.Special) && text.StartsWith(token.Content, StringComparison.Ordinal))
                {
                    return token;
                }
            }
        }
        return null;
    }

    /// <summary>Text between added tokens: ByteLevel's optional prefix space, then pre-tokenization and BPE per piece.</summary>
    private void EncodeSegment(ReadOnlySpan<char> text, List<int> destination, bool atStart)
    {
        if (text.IsEmpty)
        {
            return;
        }
        if (_pipeline is not null)
        {
            EncodeThroughPipeline(text, destination, atStart);
            return;
        }
        if (!_addPrefixSpace || text[0] == ' ')
        {
            EncodePieces(text, destination);
            return;
        }
        var prefixed = ArrayPool<char>.Shared.Rent(text.Length + 1);
        try
        {
            prefixed[0] = ' ';
            text.CopyTo(prefixed.AsSpan(1));
            EncodePieces(prefixed.AsSpan(0, text.Length + 1), destination);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(prefixed);
        }
    }

    private void EncodePieces(ReadOnlySpan<char> text, List<int> destination)
    {
        var scanner = new Gpt2PreTokenizer(text);
        var cache = _cache;
        while (scanner.TryNext(out var start, out var length))
        {
            var piece = text.Slice(start, length);
            if (cache is not null && cache.TryGet(piece, out var cached))
            {
                if (cached.Length == 1)
                {
                    destination.Add(cached[0]);
                }
                else
                {
                    destination.AddRange(cached);
                }
                continue;
            }
            if (piece.Length <= StackPieceChars)
            {
                EncodeSmallPiece(piece, destination);
            }
            else
            {
                EncodeLargePiece(piece, destination);
            }
        }
    }

    private void EncodeSmallPiece(ReadOnlySpan<char> piece, List<int> destination)
    {
        Span<byte> utf8 = stackalloc byte[StackPieceChars * 3];
        Span<int> symbols = stackalloc int[StackPieceChars * 3];
        var count = Encoding.UTF8.GetBytes(piece, utf8);
        EncodeBytes(piece, utf8[..count], symbols[..count], destination);
    }

    private void EncodeLargePiece(ReadOnlySpan<char> piece, List<int> destination)
    {
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(piece.Length));
        var symbols = ArrayPool<int>.Shared.Rent(utf8.Length);
        try
        {
            var count = Encoding.UTF8.GetBytes(piece, utf8);
            EncodeBytes(piece, utf8.AsSpan(0, count), symbols.AsSpan(0, count), destination);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(symbols);
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>One byte → one symbol, then the merge loop; the result goes to the destination and the cache.</summary>
    private void EncodeBytes(ReadOnlySpan<char> piece, ReadOnlySpan<byte> utf8, Span<int> symbols, List<int> destination)
    {
        var count = 0;
        if (_ignoreMerges && TryWholePieceToken(utf8, out var whole))
        {
            symbols[count++] = whole;
        }
        else
        {
            for (var i = 0; i < utf8.Length; i++)
            {
                symbols[i] = _byteIds[utf8[i]];
            }
            count = BytePairMerger.Merge(_merges, symbols);
        }
        var ids = symbols[..count];
        destination.AddRange(ids);
        _cache?.TryAdd(piece, ids);
    }

    /// <summary>BPE <c>ignore_merges</c>: the piece's byte-level spelling looked up directly in the vocabulary (not the added tokens).</summary>
    private bool TryWholePieceToken(ReadOnlySpan<byte> utf8, out int id)
    {
        var spelled = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            for (var i = 0; i < utf8.Length; i++)
            {
                spelled[i] = ByteLevelAlphabet.ByteToChar[utf8[i]];
            }
            return _tokenIdsBySpan.TryGetValue(spelled.AsSpan(0, utf8.Length), out id) && !_addedOnly[id];
        }
        finally
        {
            ArrayPool<char>.Shared.Return(spelled);
        }
    }
}
