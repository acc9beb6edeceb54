namespace Spaces.Parquet;

/// <param name="CompressedBytes">Sum of the column chunks' compressed sizes: what reading the whole group touches on disk.</param>
public sealed record ParquetRowGroupInfo(int Index, long NumRows, long CompressedBytes);
