using Orleans;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>
/// Where a tokenization stands after its last shard stored whole: shards <c>0 … Shards-1</c> are written, the next row
/// to read is <see cref="Row"/> of file <see cref="File"/> (an index into the dataset's files), <see cref="Samples"/> rows
/// are done, and the statistics of those rows are saved at <see cref="StatisticsBlob"/>. A run restarted after its host
/// died goes on from here.
/// </summary>
[GenerateSerializer, Immutable, Alias("spaces.tokenize-checkpoint")]
public sealed record TokenizeCheckpoint(
    [property: Id(0)] int Shards,
    [property: Id(1)] int File,
    [property: Id(2)] long Row,
    [property: Id(3)] long Samples,
    [property: Id(4)] string StatisticsBlob);
