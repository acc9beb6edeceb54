using System.Buffers.Binary;
using Spaces.Parquet;

namespace Spaces.Tests.Parquet;

[Collection(ParquetFixtureCollection.Name)]
public sealed class ParquetReaderErrorTests(ParquetFixtureFiles fixtures)
{
    [Theory]
    [InlineData("unsupported-delta.parquet", "DELTA_BINARY_PACKED")]
    [InlineData("unsupported-byte-stream-split.parquet", "BYTE_STREAM_SPLIT")]
    [InlineData("unsupported-brotli.parquet", "BROTLI")]
    [InlineData("unsupported-zstd.parquet", "ZSTD")]
    public async Task ReadRowsAsync_UnsupportedEncodingOrCodec_ThrowsNamingIt(string name, string feature)
    {
        await using var file = await ParquetFile.OpenFileAsync(fixtures.PathOf(name));

        var error = await Assert.ThrowsAsync<ParquetNotSupportedException>(() => ParquetReaderConformanceTests.ReadAllAsync(file.ReadRowsAsync()));

        Assert.Equal(feature, error.Feature);
        Assert.Contains(feature, error.Message);
    }

    [Fact]
    public async Task ReadRowsAsync_NestedAndRepeatedColumns_ThrowsNamingThem()
    {
        await using var file = await ParquetFile.OpenFileAsync(fixtures.PathOf("unsupported-nested.parquet"));

        var error = await Assert.ThrowsAsync<ParquetNotSupportedException>(() => ParquetReaderConformanceTests.ReadAllAsync(file.ReadRowsAsync()));

        Assert.Equal("repeated column", error.Feature);
        Assert.Contains("repeated column 'colours'", error.Message);
        var nested = Assert.Throws<ParquetNotSupportedException>(() => file.Schema["stock"]);
        Assert.Equal("Parquet: nested column 'stock.price' (repeated group 'stock') is not supported", nested.Message);
        Assert.Equal(["id", "name"], file.Schema.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task ReadRowsAsync_FlatColumnsOfNestedFile_MatchHyparquet()
    {
        const string name = "unsupported-nested.parquet";
        var expected = await fixtures.ExpectedAsync(name, "id", "name");
        await using var file = await ParquetFile.OpenFileAsync(fixtures.PathOf(name));

        var rows = await ParquetReaderConformanceTests.ReadAllAsync(file.ReadRowsAsync(new ParquetReadOptions { Columns = ["name", "id"] }));

        ParquetValueAssert.RowsEqual([file.Schema["id"], file.Schema["name"]], expected.Rows, rows.Select(r => new[] { r[1], r[0] }).ToList(), name);
    }

    [Fact]
    public async Task OpenAsync_TruncatedFile_ThrowsFormatErrorSayingTruncated()
    {
        var bytes = await File.ReadAllBytesAsync(fixtures.PathOf("hyparquet-types-snappy.parquet"));

        var error = await Assert.ThrowsAsync<ParquetFormatException>(() => ParquetFile.OpenAsync(new MemoryStream(bytes[..(bytes.Length / 2)])));

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public async Task OpenAsync_NotParquet_ThrowsFormatErrorNamingMagic()
    {
        var error = await Assert.ThrowsAsync<ParquetFormatException>(
            () => ParquetFile.OpenAsync(new MemoryStream("this is a csv file,1,2,3\n"u8.ToArray())));

        Assert.Contains("PAR1", error.Message);
    }

    [Fact]
    public async Task OpenAsync_FooterLengthPastStart_ThrowsFormatError()
    {
        var bytes = await File.ReadAllBytesAsync(fixtures.PathOf("hyparquet-types-snappy.parquet"));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 8), bytes.Length);

        var error = await Assert.ThrowsAsync<ParquetFormatException>(() => ParquetFile.OpenAsync(new MemoryStream(bytes)));

        Assert.Contains("footer length", error.Message);
    }

    [Fact]
    public async Task OpenAsync_CorruptFooter_ThrowsFormatError()
    {
        var bytes = await File.ReadAllBytesAsync(fixtures.PathOf("hyparquet-types-snappy.parquet"));
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        bytes.AsSpan(bytes.Length - 8 - footerLength, footerLength / 2).Fill(0xEE);

        await Assert.ThrowsAsync<ParquetFormatException>(() => ParquetFile.OpenAsync(new MemoryStream(bytes)));
    }

    [Theory]
    [InlineData("hyparquet-types-snappy.parquet")]
    [InlineData("parquetjs-v1-gzip.parquet")]
    public async Task ReadRowsAsync_CorruptPages_ThrowsFormatErrorNamingColumn(string name)
    {
        var bytes = await File.ReadAllBytesAsync(fixtures.PathOf(name));
        bytes.AsSpan(4, 64).Fill(0xEE); // the first column's first page header and body
        await using var file = await ParquetFile.OpenAsync(new MemoryStream(bytes));

        var error = await Assert.ThrowsAsync<ParquetFormatException>(() => ParquetReaderConformanceTests.ReadAllAsync(file.ReadRowsAsync()));

        Assert.Contains($"'{file.Schema.Columns[0].Name}'", error.Message);
    }

    [Fact]
    public async Task ReadRowsAsync_UnknownColumn_ThrowsNamingIt()
    {
        await using var file = await ParquetFile.OpenFileAsync(fixtures.PathOf("hyparquet-types-snappy.parquet"));

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(
            () => ParquetReaderConformanceTests.ReadAllAsync(file.ReadRowsAsync(new ParquetReadOptions { Columns = ["nope"] })));

        Assert.Contains("'nope'", error.Message);
    }
}
