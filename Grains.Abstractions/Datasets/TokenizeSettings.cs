using Orleans;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>How to tokenize: a tokenizer repo on the Hub (<c>gpt2</c>), the window length and the overlap between windows.</summary>
[GenerateSerializer, Immutable, Alias("spaces.tokenize-settings")]
public sealed record TokenizeSettings([property: Id(0)] string TokenizerName, [property: Id(1)] int MaxLength, [property: Id(2)] int Stride);
