namespace Spaces.Parquet.Thrift;

/// <summary>
/// The buffer ended inside a Thrift structure. Page headers are read with a guessed buffer size,
/// so callers catch this to retry with more bytes before declaring the file corrupt.
/// </summary>
internal sealed class ThriftTruncatedException() : Exception("Parquet: Thrift structure is truncated");
