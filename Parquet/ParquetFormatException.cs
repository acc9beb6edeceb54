namespace Spaces.Parquet;

/// <summary>The bytes are not a valid Parquet file: truncated, corrupt, or inconsistent metadata.</summary>
public sealed class ParquetFormatException(string message, Exception? innerException = null)
    : Exception(message, innerException);
