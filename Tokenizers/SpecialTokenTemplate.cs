namespace Spaces.Tokenizers;

/// <summary>
/// The ids the post-processor puts around a single sequence (<c>TemplateProcessing</c>'s <c>single</c>, <c>BertProcessing</c>,
/// <c>RobertaProcessing</c>): Llama 2 and Gemma's BOS, BERT's [CLS] … [SEP]. GPT-2's ByteLevel post-processor adds none.
/// </summary>
public sealed record SpecialTokenTemplate(IReadOnlyList<int> Prefix, IReadOnlyList<int> Suffix)
{
    public static readonly SpecialTokenTemplate None = new([], []);

    public int Count => Prefix.Count + Suffix.Count;
}
