using Spaces.Parquet;

namespace Spaces.Tests.Parquet;

/// <summary>Every value our reader returns must equal what hyparquet reads from files written by two other writers.</summary>
[Collection(ParquetFixtureCollection.Name)]
public sealed class ParquetReaderConformanceTests(ParquetFixtureFiles fixtures)
{
    [Theory]
    [InlineData("hyparquet-types-uncompressed.parquet", "UNCOMPRESSED")]
    [InlineData("hyparquet-types-snappy.parquet", "SNAPPY")]
    [InlineData("hyparquet-types-gzip.parquet", "GZIP")]
    [InlineData("hyparquet-many-pages.parquet", "SNAPPY")]
    [InlineData("hyparquet-large.parquet", "SNAPPY")]
    [InlineData("parquetjs-v1-uncompressed.parquet", "UNCOMPRESSED")]
    [InlineData("parquetjs-v1-snappy.parquet", "SNAPPY")]
    [InlineData("parquetjs-v1-gzip.parquet", "GZIP")]
    [InlineData("parquetjs-v2-uncompressed.parquet", "UNCOMPRESSED")]
    [InlineData("parquetjs-v2-snappy.parquet", "SNAPPY")]
    [InlineData("parquetjs-v2-gzip.parquet", "GZIP")]
    public async Task ReadRowsAsync_FixtureFile_MatchesHyparquetValues(string name, string codec)
    {
        var expected = await fixtures.ExpectedAsync(name);
        Assert.All(expected.Columns, column => Assert.Equal(codec, column.Codec));

        await using var file = await ParquetFile.OpenFileAsync(fixtures.PathOf(name));
        Assert.Equal(expected.Columns.Select(c => c.Name), file.Schema.Columns.Select(c => c.Name));
        Assert.Equal(expected.NumRows, file.NumRows);
        Assert.Equal(expected.RowGroups, file.RowGroups.Select(g => g.NumRows));

        var rows = await ReadAllAsync(file.ReadRowsAsync());
        ParquetValueAssert.RowsEqual(file.Schema.Columns, expected.Rows, rows, name);
        Assert.Equal(expected.RowGroups, file.ReadStatistics.RowsPerRowGroup);
    }

    [Fact]
    public async Task Fixtures_HyparquetTypes_CoverDictionaryPlainAndRleEncodings()
    {
        var encodings = (await fixtures.ExpectedAsync("hyparquet-types-snappy.parquet")).Columns.ToDictionary(c => c.Name, c => c.Encodings);
        Assert.Contains("RLE_DICTIONARY", encodings["dict_text"]);
        Assert.Contains("RLE_DICTIONARY", encodings["opt_dict_text"]);
        Assert.Contains("RLE", encodings["bool"]);
        Assert.Equal(["PLAIN"], encodings["text"]);
    }

    [Fact]
    public async Task Schema_TypesFixture_ReportsTypesAndNullability()
    {
        await using var file = await ParquetFile.OpenFileAsync(fixtures.PathOf("hyparquet-types-snappy.parquet"));
        var schema = file.Schema;
        Assert.Equal((ParquetPhysicalType.Boolean, false, typeof(bool)), Describe(schema["bool"]));
        Assert.Equal((ParquetPhysicalType.Int64, false, typeof(long)), Describe(schema["int64"]));
        Assert.Equal((ParquetPhysicalType.Float, false, typeof(float)), Describe(schema["float"]));
        Assert.Equal((ParquetPhysicalType.ByteArray, false, typeof(string)), Describe(schema["text"]));
        Assert.Equal((ParquetPhysicalType.ByteArray, false, typeof(byte[])), Describe(schema["binary"]));
        Assert.Equal((ParquetPhysicalType.FixedLenByteArray, false, typeof(byte[])), Describe(schema["fixed"]));
        Assert.Equal((ParquetPhysicalType.Int32, true, typeof(int)), Describe(schema["opt_int32"]));
        Assert.Equal(4, schema["fixed"].TypeLength);
        Assert.Empty(schema.Unsupported);
    }

    internal static async Task<List<object?[]>> ReadAllAsync(IAsyncEnumerable<object?[]> rows)
    {
        var list = new List<object?[]>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }

        return list;
    }

    private static (ParquetPhysicalType, bool, Type) Describe(ParquetColumn column) => (column.PhysicalType, column.IsNullable, column.ClrType);
}
