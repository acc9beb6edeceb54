namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>How to tokenize: a tokenizer repo on the Hub (<c>gpt2</c>), the window length and the overlap between windows.</summary>
public sealed record TokenizeSettings(string TokenizerName, int MaxLength, int Stride);
