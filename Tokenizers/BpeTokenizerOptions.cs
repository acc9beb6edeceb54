namespace Spaces.Tokenizers;

/// <summary>Tuning of a <see cref="BpeTokenizer"/>; the defaults suit a long-lived shared instance.</summary>
public sealed record BpeTokenizerOptions
{
    /// <summary>Most distinct words whose ids are remembered (default 100,000, about 10 MB); 0 disables the cache.</summary>
    public int CacheCapacity { get; init; } = 100_000;

    /// <summary>Longer pieces (in UTF-16 chars) are always merged afresh (default 256, as HF tokenizers).</summary>
    public int MaxCachedWordLength { get; init; } = 256;
}
