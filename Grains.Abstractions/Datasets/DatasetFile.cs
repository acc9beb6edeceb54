using Orleans;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>
/// One imported file: its path in the Hub repo, where its bytes are, and which of its rows the split spec selected
/// (<see cref="RowStart"/> inclusive, <see cref="RowEnd"/> exclusive).
/// </summary>
[GenerateSerializer, Immutable, Alias("spaces.dataset-file")]
public sealed record DatasetFile([property: Id(0)] string Path, [property: Id(1)] string Format, [property: Id(2)] long SizeBytes, [property: Id(3)] string BlobName, [property: Id(4)] long RowStart, [property: Id(5)] long RowEnd);
