using Spaces.Parquet;

namespace Spaces.Tests.Parquet;

[Collection(ParquetFixtureCollection.Name)]
public sealed class ParquetReaderStreamingTests(ParquetFixtureFiles fixtures)
{
    private const string Large = "hyparquet-large.parquet";

    [Fact]
    public async Task ReadRowsAsync_LargeFile_BuffersOnlyCurrentPagesPerRowGroup()
    {
        var length = new FileInfo(fixtures.PathOf(Large)).Length;
        await using var file = await ParquetFile.OpenFileAsync(fixtures.PathOf(Large));
        Assert.Equal(ParquetFixtureFiles.LargeRows, file.NumRows);
        Assert.True(file.RowGroups.Count >= 10, $"the large fixture should have many row groups, has {file.RowGroups.Count}");

        long rows = 0;
        await foreach (var row in file.ReadRowsAsync())
        {
            Assert.Equal(rows, (long)row[0]!);
            rows++;
        }

        var statistics = file.ReadStatistics;
        Assert.Equal(ParquetFixtureFiles.LargeRows, rows);
        Assert.Equal(file.RowGroups.Select(g => g.NumRows), statistics.RowsPerRowGroup);
        Assert.True(statistics.PagesRead > 2 * file.RowGroups.Count * file.Schema.Columns.Count,
            $"expected several pages per column chunk, read {statistics.PagesRead}");
        var largestGroup = file.RowGroups.Max(g => g.CompressedBytes);
        Assert.True(statistics.MaxBufferedBytes < length / 4,
            $"buffered {statistics.MaxBufferedBytes} bytes at once for a {length}-byte file (largest row group {largestGroup})");
    }

    [Fact]
    public async Task ReadRowsAsync_SkipRowsAndMaxRows_ReturnsThatWindowOnly()
    {
        const int skip = 25_017;
        const int take = 150;
        var expected = await fixtures.ExpectedAsync(Large);
        await using var file = await ParquetFile.OpenFileAsync(fixtures.PathOf(Large));

        var rows = await ParquetReaderConformanceTests.ReadAllAsync(
            file.ReadRowsAsync(new ParquetReadOptions { SkipRows = skip, MaxRows = take }));

        ParquetValueAssert.RowsEqual(file.Schema.Columns, expected.Rows[skip..(skip + take)], rows, $"{Large} window");
        Assert.Equal([take], file.ReadStatistics.RowsPerRowGroup);
    }

    [Fact]
    public async Task ReadRowsAsync_SkipPastEnd_ReturnsNoRows()
    {
        await using var file = await ParquetFile.OpenFileAsync(fixtures.PathOf(Large));

        var rows = await ParquetReaderConformanceTests.ReadAllAsync(file.ReadRowsAsync(new ParquetReadOptions { SkipRows = file.NumRows }));

        Assert.Empty(rows);
        Assert.Empty(file.ReadStatistics.RowsPerRowGroup);
    }

    [Fact]
    public async Task ReadColumnAsync_TextColumn_ReturnsEveryValueOfThatColumn()
    {
        var expected = await fixtures.ExpectedAsync(Large, "text");
        await using var file = await ParquetFile.OpenFileAsync(fixtures.PathOf(Large));

        var texts = new List<string?>();
        await foreach (var text in file.ReadColumnAsync<string>("text"))
        {
            texts.Add(text);
        }

        Assert.Equal(expected.Rows.Select(r => r[0].GetString()), texts);
    }

    [Fact]
    public async Task ReadRowsAsync_ColumnSubsetInOtherOrder_AlignsWithRequestedOrder()
    {
        const string name = "hyparquet-many-pages.parquet";
        var expected = await fixtures.ExpectedAsync(name, "opt_text", "int64", "dict_text");
        await using var file = await ParquetFile.OpenFileAsync(fixtures.PathOf(name));
        string[] columns = ["opt_text", "int64", "dict_text"];

        var rows = await ParquetReaderConformanceTests.ReadAllAsync(file.ReadRowsAsync(new ParquetReadOptions { Columns = columns }));

        ParquetValueAssert.RowsEqual(columns.Select(c => file.Schema[c]).ToArray(), expected.Rows, rows, $"{name} subset");
    }

    [Fact]
    public async Task OpenAsync_MemoryStreamOfFile_ReadsLikeAFile()
    {
        const string name = "parquetjs-v1-snappy.parquet";
        var expected = await fixtures.ExpectedAsync(name);
        await using var file = await ParquetFile.OpenAsync(new MemoryStream(await File.ReadAllBytesAsync(fixtures.PathOf(name))));

        var rows = await ParquetReaderConformanceTests.ReadAllAsync(file.ReadRowsAsync());

        ParquetValueAssert.RowsEqual(file.Schema.Columns, expected.Rows, rows, name);
    }
}
