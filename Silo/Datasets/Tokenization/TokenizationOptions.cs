namespace Spaces.Silo.Datasets.Tokenization;

/// <summary>How tokenization writes its output (section <c>Spaces:Datasets:Tokenization</c>).</summary>
public sealed class TokenizationOptions
{
    public const string Section = "Spaces:Datasets:Tokenization";

    /// <summary>
    /// Tokens per shard (4 Mi: 8 MB of GPT-2 ids). Each stored shard is a checkpoint: a run restarted after its host
    /// died goes on after the last one, so smaller shards lose less work and cost more checkpoint writes.
    /// </summary>
    public int TokensPerShard { get; set; } = 4 * 1024 * 1024;
}
