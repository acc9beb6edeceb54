using Spaces.Silo.Datasets.Readers.Parquet;

namespace Spaces.Tests.Parquet;

/// <summary>Every value our reader returns must equal what hyparquet reads from files written by three other writers.</summary>
[Collection(ParquetFixtureCollection.Name)]
public sealed class ParquetConformanceTests(ParquetFixtureFiles fixtures)
{
    [Theory]
    [InlineData("parquetsharp-nested-zstd.parquet")]
    [InlineData("parquetsharp-nested-lz4.parquet")]
    [InlineData("parquetsharp-nested-brotli.parquet")]
    [InlineData("parquetsharp-nested-gzip.parquet")]
    [InlineData("parquetsharp-nested-snappy.parquet")]
    [InlineData("parquetsharp-nested-none.parquet")]
    [InlineData("parquetsharp-int96.parquet")]
    [InlineData("hyparquet-types-uncompressed.parquet")]
    [InlineData("hyparquet-types-snappy.parquet")]
    [InlineData("hyparquet-types-gzip.parquet")]
    [InlineData("hyparquet-many-pages.parquet")]
    [InlineData("hyparquet-large.parquet")]
    [InlineData("hyparquet-delta.parquet")]
    [InlineData("hyparquet-byte-stream-split.parquet")]
    [InlineData("parquetjs-v1-uncompressed.parquet")]
    [InlineData("parquetjs-v1-snappy.parquet")]
    [InlineData("parquetjs-v1-gzip.parquet")]
    [InlineData("parquetjs-v2-uncompressed.parquet")]
    [InlineData("parquetjs-v2-snappy.parquet")]
    [InlineData("parquetjs-v2-gzip.parquet")]
    [InlineData("parquetjs-brotli.parquet")]
    [InlineData("parquetjs-nested.parquet")]
    public async Task ReadAsync_FixtureFile_EveryValueEqualsHyparquets(string name)
    {
        var expected = await fixtures.ExpectedAsync(name);

        var (columns, rows) = await ParquetFileRows.ReadAsync(fixtures.PathOf(name));

        Assert.Equal(expected.Names, columns);
        Assert.Equal(expected.NumRows, ParquetFileRows.Count(fixtures.PathOf(name)));
        ParquetValueAssert.RowsEqual(expected.Rows, rows, name);
    }

    [Theory]
    [InlineData("zstd", "ZSTD")]
    [InlineData("lz4", "LZ4_RAW")]
    [InlineData("brotli", "BROTLI")]
    [InlineData("gzip", "GZIP")]
    [InlineData("snappy", "SNAPPY")]
    [InlineData("none", "UNCOMPRESSED")]
    public async Task Fixtures_ParquetSharpFiles_HaveTheirCodecAndEveryEncoding(string file, string codec)
    {
        var columns = (await fixtures.ExpectedAsync($"parquetsharp-nested-{file}.parquet")).Columns;

        Assert.All(columns, c => Assert.Equal(codec, c.Codec));
        var encodings = columns.ToDictionary(c => c.Name, c => c.Encodings);
        Assert.Contains("DELTA_BINARY_PACKED", encodings["id"]);
        Assert.Contains("DELTA_LENGTH_BYTE_ARRAY", encodings["name"]);
        Assert.Contains("DELTA_BYTE_ARRAY", encodings["tag"]);
        Assert.Contains("BYTE_STREAM_SPLIT", encodings["score"]);
        Assert.Contains("RLE_DICTIONARY", encodings["kind"]);
        Assert.Contains("tags.list.element", encodings.Keys);
        Assert.Contains("attrs.key_value.key", encodings.Keys);
        Assert.Contains("point.label", encodings.Keys);
    }

    [Fact]
    public async Task Fixtures_HyparquetFiles_CoverDictionaryDeltaAndByteStreamSplit()
    {
        var types = (await fixtures.ExpectedAsync("hyparquet-types-snappy.parquet")).Columns.ToDictionary(c => c.Name, c => c.Encodings);
        Assert.Contains("RLE_DICTIONARY", types["dict_text"]);
        Assert.Equal(["PLAIN"], types["text"]);
        Assert.Contains("DELTA_BINARY_PACKED", (await fixtures.ExpectedAsync("hyparquet-delta.parquet")).Columns[0].Encodings);
        Assert.Contains("BYTE_STREAM_SPLIT", (await fixtures.ExpectedAsync("hyparquet-byte-stream-split.parquet")).Columns[0].Encodings);
    }
}
