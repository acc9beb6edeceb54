namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>
/// One imported file: its path in the Hub repo, where its bytes are, and which of its rows the split spec selected
/// (<see cref="RowStart"/> inclusive, <see cref="RowEnd"/> exclusive).
/// </summary>
public sealed record DatasetFile(string Path, string Format, long SizeBytes, string BlobName, long RowStart, long RowEnd);
