namespace Spaces.Tokenizers.Pipeline;

/// <summary>
/// What happens to a text segment (between added tokens) before BPE, for every file except GPT-2's shape (which takes the
/// hand-written fast path): the normalizer, then the pre-tokenizer's pieces over the normalized text.
/// </summary>
internal sealed class TextPipeline(TextNormalizer? normalizer, PreTokenizer? preTokenizer)
{
    public string Normalize(ReadOnlySpan<char> segment, bool atStart)
    {
        var text = segment.ToString();
        // Rust strings cannot hold lone surrogates and UTF-8 encoders turn them into U+FFFD; do so before any regex sees them.
        if (segment.ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            text = ReplaceLoneSurrogates(segment);
        }
        return normalizer?.Apply(text, atStart) ?? text;
    }

    private static string ReplaceLoneSurrogates(ReadOnlySpan<char> segment)
    {
        var chars = segment.ToArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }
        return new string(chars);
    }

    /// <summary>The pieces of <paramref name="text"/> (already normalized) into <paramref name="output"/>.</summary>
    public void Split(string text, List<Piece> output)
    {
        if (text.Length == 0)
        {
            return;
        }
        if (preTokenizer is null)
        {
            output.Add(new Piece(0, text.Length));
            return;
        }
        preTokenizer.Split(text, [new Piece(0, text.Length)], output);
    }
}
