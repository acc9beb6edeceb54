namespace Spaces.Tokenizers;

/// <summary>
/// A token matched verbatim in raw text (before pre-tokenization) when the caller allows it, such as <c>&lt;|endoftext|&gt;</c>.
/// Only exact content matching is implemented: the HF flags <c>lstrip</c>, <c>rstrip</c>, <c>single_word</c> and
/// <c>normalized</c> are read by nobody here (they are all false or irrelevant for the GPT-2 family).
/// </summary>
public sealed record AddedToken(int Id, string Content, bool Special);
