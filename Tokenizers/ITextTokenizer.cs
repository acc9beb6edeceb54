namespace Spaces.Tokenizers;

/// <summary>
/// What the dataset pipeline needs of a tokenizer, whatever implements it (<see cref="BpeTokenizer"/>, or an adapter over
/// Microsoft.ML.Tokenizers for WordPiece, SentencePiece models and tiktoken encodings).
/// </summary>
public interface ITextTokenizer
{
    /// <summary>One more than the highest id the tokenizer can produce.</summary>
    int VocabSize { get; }

    /// <summary>
    /// Appends the ids of <paramref name="text"/>. Special-token text is ordinary text unless <paramref name="allowSpecialTokens"/>;
    /// <paramref name="addSpecialTokens"/> adds the tokens the model's post-processor puts around a sequence (BOS/EOS).
    /// </summary>
    void Encode(ReadOnlySpan<char> text, List<int> destination, bool allowSpecialTokens = false, bool addSpecialTokens = false);
}
