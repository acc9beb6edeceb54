using Spaces.Tokenizers.Pipeline;

namespace Spaces.Tokenizers;

/// <summary>What a loader read from the files, before the tokenizer builds its lookup tables from it.</summary>
/// <param name="Vocabulary">Token → id: spelled in the byte-level alphabet, or text pieces (<see cref="ByteLevel"/>).</param>
/// <param name="Merges">Merge rules in priority order: index 0 has the highest priority (rank 0).</param>
/// <param name="AddedTokens">Tokens matched verbatim in raw text: special ones when the caller allows it, the others always.</param>
/// <param name="AddPrefixSpace">ByteLevel <c>add_prefix_space</c>: a space is prepended to text not starting with one.</param>
/// <param name="IgnoreMerges">BPE <c>ignore_merges</c>: a piece that is itself a token is emitted without merging.</param>
/// <param name="Source">Names the files in error messages.</param>
internal sealed record BpeModelDefinition(
    IReadOnlyDictionary<string, int> Vocabulary,
    IReadOnlyList<(string Left, string Right)> Merges,
    IReadOnlyList<AddedToken> AddedTokens,
    bool AddPrefixSpace,
    bool IgnoreMerges,
    string Source)
{
    /// <summary>Normalizer and pre-tokenizer; null for GPT-2's shape (no normalizer, ByteLevel with its regex), the fast path.</summary>
    public TextPipeline? Pipeline { get; init; }

    /// <summary>Whether the vocabulary is spelled in the byte-level alphabet (a ByteLevel pre-tokenizer); else it holds text pieces (SentencePiece's <c>▁</c>).</summary>
    public bool ByteLevel { get; init; } = true;

    /// <summary>BPE <c>byte_fallback</c>: a char missing from the vocabulary becomes its UTF-8 bytes' <c>&lt;0xXX&gt;</c> tokens.</summary>
    public bool ByteFallback { get; init; }

    /// <summary>BPE <c>unk_token</c>, for a char that is neither in the vocabulary nor covered by byte fallback.</summary>
    public string? UnkToken { get; init; }

    /// <summary>BPE <c>fuse_unk</c>: consecutive unknown chars give one unknown token.</summary>
    public bool FuseUnk { get; init; }

    /// <summary>The post-processor's tokens, added when the caller asks for them.</summary>
    public SpecialTokenTemplate Template { get; init; } = SpecialTokenTemplate.None;
}
