namespace Spaces.Tokenizers;

/// <summary>What a loader read from the files, before the tokenizer builds its lookup tables from it.</summary>
/// <param name="Vocabulary">Token (in the byte-level alphabet) → id.</param>
/// <param name="Merges">Merge rules in priority order: index 0 has the highest priority (rank 0).</param>
/// <param name="AddedTokens">Tokens matched verbatim in raw text when the caller allows it.</param>
/// <param name="AddPrefixSpace">ByteLevel <c>add_prefix_space</c>: a space is prepended to text not starting with one.</param>
/// <param name="IgnoreMerges">BPE <c>ignore_merges</c>: a piece that is itself a token is emitted without merging.</param>
/// <param name="Source">Names the files in error messages.</param>
internal sealed record BpeModelDefinition(
    IReadOnlyDictionary<string, int> Vocabulary,
    IReadOnlyList<(string Left, string Right)> Merges,
    IReadOnlyList<AddedToken> AddedTokens,
    bool AddPrefixSpace,
    bool IgnoreMerges,
    string Source);
