namespace Spaces.Tokenizers;

/// <summary>
/// A token matched verbatim in raw text (before normalization and pre-tokenization): a special one such as
/// <c>&lt;|endoftext|&gt;</c> when the caller allows it, any other always. Only exact content matching is implemented:
/// the loader refuses a non-special token with HF's <c>lstrip</c>, <c>rstrip</c> or <c>single_word</c>, and a special
/// token's flags apply only with <c>allowSpecialTokens</c>, where they are not honoured (RoBERTa's <c>&lt;mask&gt;</c>).
/// </summary>
public sealed record AddedToken(int Id, string Content, bool Special);
