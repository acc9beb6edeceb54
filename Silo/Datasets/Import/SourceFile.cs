using Spaces.HuggingFace;

namespace Spaces.Silo.Datasets.Import;

/// <summary>A file to import for one split, either a shard of the Hub's Parquet conversion or a raw repo file.</summary>
public sealed record SourceFile(string Split, string Path, string Format, long? Size, ParquetShard? Shard, HubFile? File);
