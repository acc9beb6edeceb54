using System.Buffers;
using System.Text;
using Spaces.Tokenizers.Pipeline;

namespace Spaces.Tokenizers;

/// <summary>
/// A BPE tokenizer as a Hugging Face <c>tokenizer.json</c> declares it: byte-level (GPT-2, Llama 3, Qwen, DeepSeek) or
/// over text pieces with byte fallback (SentencePiece's <c>▁</c> convention: Llama 2, Mistral, Gemma), with its
/// normalizer, pre-tokenizer, added tokens and post-processor. GPT-2's shape takes a hand-written fast path.
/// Immutable after construction and safe for concurrent use; the only shared mutable state is a thread-safe word cache.
/// </summary>
/// <remarks>
/// Special added tokens (<c>&lt;|endoftext|&gt;</c>, <c>&lt;bos&gt;</c>) are not recognised inside text unless
/// <c>allowSpecialTokens</c> is passed: by default text is encoded as ordinary characters, like OpenAI's encoder.py and
/// tiktoken's <c>encode_ordinary</c>, so user text can never inject a control token. With <c>allowSpecialTokens: true</c>
/// they are matched in the raw text first, leftmost and then longest, as Hugging Face tokenizers and tiktoken's
/// <c>allowed_special="all"</c> do. Added tokens not marked special (Gemma's <c>\n\n</c>, Qwen's <c>&lt;think&gt;</c>) are part
/// of the vocabulary and always matched. <c>addSpecialTokens</c> adds the post-processor's tokens (BOS/EOS), as HF's
/// <c>add_special_tokens</c>.
/// </remarks>
public sealed partial class BpeTokenizer : ITextTokenizer
{
    private readonly Dictionary<string, int> _tokenIds;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _tokenIdsBySpan;
    private readonly string?[] _tokens;
    private readonly byte[] _tokenBytes;
    private readonly int[] _tokenBytesStart;
    private readonly bool[] _isSpecial;
    private readonly int[] _byteIds = new int[256];
    private readonly MergeTable _merges;
    private readonly AddedToken[] _addedTokens;
    private readonly SearchValues<string>? _addedTokenSearch;
    private readonly SearchValues<string>? _nonSpecialSearch;
    private readonly Dictionary<char, AddedToken[]> _addedByFirstChar;
    private readonly bool[] _addedOnly;
    private readonly WordCache? _cache;
    private readonly bool _addPrefixSpace;
    private readonly bool _ignoreMerges;
    private readonly TextPipeline? _pipeline;
    private readonly bool _byteLevel;
    private readonly int[] _byteFallbackIds;
    private readonly int _unkId = -1;
    private readonly bool _fuseUnk;
    private readonly (string Token, int[] Offsets)[]? _spanningTokens;

    private BpeTokenizer(BpeModelDefinition model, BpeTokenizerOptions options)
    {
        _addPrefixSpace = model.AddPrefixSpace;
        _ignoreMerges = model.IgnoreMerges;
        _pipeline = model.Pipeline;
        _byteLevel = model.ByteLevel;
        _fuseUnk = model.FuseUnk;
        Template = model.Template;
        _addedTokens = [.. model.AddedTokens];
        _tokenIds = new Dictionary<string, int>(model.Vocabulary, StringComparer.Ordinal);
        foreach (var added in _addedTokens)
        {
            _tokenIds.TryAdd(added.Content, added.Id);
        }
        _tokenIdsBySpan = _tokenIds.GetAlternateLookup<ReadOnlySpan<char>>();
        var vocabSize = Math.Max(
            model.Vocabulary.Values.DefaultIfEmpty(-1).Max(), _addedTokens.Select(t => t.Id).DefaultIfEmpty(-1).Max()) + 1;
        _tokens = new string?[vocabSize];
        _isSpecial = new bool[vocabSize];
        _addedOnly = new bool[vocabSize];
        foreach (var (token, id) in model.Vocabulary)
        {
            _tokens[id] = token;
        }
        foreach (var added in _addedTokens)
        {
            _addedOnly[added.Id] = !model.Vocabulary.TryGetValue(added.Content, out var vocabularyId) || vocabularyId != added.Id;
            _tokens[added.Id] = added.Content;
            _isSpecial[added.Id] = added.Special;
        }
        (_tokenBytes, _tokenBytesStart) = BuildTokenBytes(_tokens, _addedTokens, _byteLevel);
        if (_byteLevel)
        {
            ResolveByteIds(model);
        }
        _byteFallbackIds = ResolveByteFallback(model);
        if (model.UnkToken is { } unk)
        {
            _unkId = model.Vocabulary.TryGetValue(unk, out var unkId)
                ? unkId
                : throw new TokenizerFormatException($"{model.Source}: the unk_token \"{unk}\" is not in the vocabulary");
        }
        _merges = new MergeTable(ResolveMerges(model));
        _spanningTokens = _byteLevel ? null : FindSpanningTokens(model.Vocabulary.Keys);
        _addedByFirstChar = _addedTokens.GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
        if (_addedTokens.Length > 0)
        {
            _addedTokenSearch = SearchValues.Create(_addedTokens.Select(t => t.Content).ToArray(), StringComparison.Ordinal);
        }
        if (_addedTokens.Any(t => !t.Special))
        {
            _nonSpecialSearch = SearchValues.Create(_addedTokens.Where(t => !t.Special).Select(t => t.Content).ToArray(), StringComparison.Ordinal);
        }
        if (options.CacheCapacity > 0)
        {
            _cache = new WordCache(options.CacheCapacity, options.MaxCachedWordLength);
        }
    }

    /// <summary>The post-processor's tokens around one sequence, added with <c>addSpecialTokens</c>.</summary>
    public SpecialTokenTemplate Template { get; }

    /// <summary>One more than the highest id of the vocabulary and the added tokens (50,257 for GPT-2).</summary>
    public int VocabSize => _tokens.Length;

    /// <summary>Tokens matched verbatim in text when allowed, in file order.</summary>
    public IReadOnlyList<AddedToken> AddedTokens => _addedTokens;

    /// <summary>The id of a vocabulary token spelled in the byte-level alphabet (<c>"Ġthe"</c>), or of an added token.</summary>
    public bool TryGetId(string token, out int id) => _tokenIds.TryGetValue(token, out id);

    /// <summary>The vocabulary spelling of an id (<c>"Ġthe"</c> for 262), or null for an id no token has.</summary>
    public string? GetToken(int id) => (uint)id < (uint)_tokens.Length ? _tokens[id] : null;

    /// <summary>Whether <paramref name="id"/> belongs to an added token marked special, such as <c>&lt;|endoftext|&gt;</c>.</summary>
    public bool IsSpecial(int id) => (uint)id < (uint)_isSpecial.Length && _isSpecial[id];

    /// <summary>
    /// The text of <paramref name="ids"/>: their bytes concatenated and decoded as UTF-8, an invalid sequence (a window
    /// that cut a character in two) becoming U+FFFD, as the reference's <c>errors='replace'</c>. Over text pieces, <c>▁</c> is
    /// a space and <c>&lt;0xXX&gt;</c> a byte; the decoder's other steps (such as Llama 2's strip of the first space) are not applied.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id that no token has.</exception>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false)
    {
        var length = 0;
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)_tokens.Length || _tokens[id] is null)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"No token has id {id} (vocabulary size {VocabSize})");
            }
            length += _tokenBytesStart[id + 1] - _tokenBytesStart[id];
        }
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = 0;
            foreach (var id in ids)
            {
                if (skipSpecialTokens && _isSpecial[id])
                {
                    continue;
                }
                var bytes = _tokenBytes.AsSpan(_tokenBytesStart[id], _tokenBytesStart[id + 1] - _tokenBytesStart[id]);
                bytes.CopyTo(buffer.AsSpan(written));
                written += bytes.Length;
            }
            return Encoding.UTF8.GetString(buffer, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private List<(int Left, int Right, int Merged)> ResolveMerges(BpeModelDefinition model)
    {
        var resolved = new List<(int, int, int)>(model.Merges.Count);
        for (var rank = 0; rank < model.Merges.Count; rank++)
        {
            var (left, right) = model.Merges[rank];
            resolved.Add((Resolve(left), Resolve(right), Resolve(left + right)));

            int Resolve(string token) => model.Vocabulary.TryGetValue(token, out var id)
                ? id
                : throw new TokenizerFormatException(
                    $"{model.Source}: merge #{rank + 1} \"{left} {right}\" uses token \"{token}\", which is not in the vocabulary");
        }
        return resolved;
    }

    private void ResolveByteIds(BpeModelDefinition model)
    {
        for (var b = 0; b < 256; b++)
        {
            var spelled = ByteLevelAlphabet.ByteToChar[b].ToString();
            if (!model.Vocabulary.TryGetValue(spelled, out _byteIds[b]))
            {
                throw new TokenizerFormatException(
                    $"{model.Source}: the vocabulary has no token for byte 0x{b:X2} ('{spelled}'); "
                    + "byte-level BPE needs all 256 single-byte tokens");
            }
        }
    }

    /// <summary>With <c>byte_fallback</c>, the id of <c>&lt;0xXX&gt;</c> for every byte the vocabulary has one for, else -1.</summary>
    private static int[] ResolveByteFallback(BpeModelDefinition model)
    {
        var ids = new int[256];
        for (var b = 0; b < 256; b++)
        {
            ids[b] = model.ByteFallback && model.Vocabulary.TryGetValue($"<0x{b:X2}>", out var id) ? id : -1;
        }
        return ids;
    }

    /// <summary>
    /// Every token's bytes in one array: vocabulary tokens through the byte-level alphabet (or, over text pieces, as UTF-8
    /// with <c>▁</c> as a space and <c>&lt;0xXX&gt;</c> as its byte), added tokens as UTF-8.
    /// </summary>
    private static (byte[] Bytes, int[] Starts) BuildTokenBytes(string?[] tokens, AddedToken[] addedTokens, bool byteLevel)
    {
        var added = addedTokens.Select(t => t.Id).ToHashSet();
        var perToken = new byte[tokens.Length][];
        for (var id = 0; id < tokens.Length; id++)
        {
            perToken[id] = tokens[id] is not { } token ? []
                : added.Contains(id) ? Encoding.UTF8.GetBytes(token)
                : byteLevel ? ToBytes(token)
                : TextPieceBytes(token);
        }
        var starts = new int[tokens.Length + 1];
        for (var id = 0; id < tokens.Length; id++)
        {
            starts[id + 1] = starts[id] + perToken[id].Length;
        }
        var bytes = new byte[starts[^1]];
        for (var id = 0; id < tokens.Length; id++)
        {
            perToken[id].CopyTo(bytes, starts[id]);
        }
        return (bytes, starts);
    }

    private static byte[] TextPieceBytes(string token) =>
        token is ['<', '0', 'x', _, _, '>'] && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out var b)
            ? [b]
            : Encoding.UTF8.GetBytes(token.Replace('\u2581', ' '));

    /// <summary>A token's bytes; a token with a char outside the byte-level alphabet is taken as its UTF-8 text.</summary>
    private static byte[] ToBytes(string token)
    {
        var bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            if (!ByteLevelAlphabet.TryGetByte(token[i], out bytes[i]))
            {
                return Encoding.UTF8.GetBytes(token);
            }
        }
        return bytes;
    }
}
