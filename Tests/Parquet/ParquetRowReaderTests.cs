using System.Buffers.Binary;
using Spaces.Silo.Datasets.Readers;
using Spaces.Silo.Datasets.Readers.Parquet;

namespace Spaces.Tests.Parquet;

/// <summary>How the reader reaches the blob: the footer for counts, whole row groups skipped, clear errors for bad files.</summary>
[Collection(ParquetFixtureCollection.Name)]
public sealed class ParquetRowReaderTests(ParquetFixtureFiles fixtures)
{
    private const string Large = "hyparquet-large.parquet";

    [Fact]
    public async Task ReadAsync_SkipIntoALaterRowGroup_ReadsOnlyFromThatGroup()
    {
        const int skip = 85_017;
        var path = fixtures.PathOf(Large);
        var expected = await fixtures.ExpectedAsync(Large);
        Assert.True(expected.RowGroups.Length >= 10, $"the large fixture should have many row groups, has {expected.RowGroups.Length}");
        await using var stream = new CountingStream(File.OpenRead(path));

        var (_, rows) = await ParquetFileRows.ReadAsync(stream, skip, take: 150);

        ParquetValueAssert.RowsEqual(expected.Rows[skip..(skip + 150)], rows, $"{Large} from row {skip}");
        Assert.True(stream.BytesRead < stream.Length / 4, $"read {stream.BytesRead} of {stream.Length} bytes to reach the ninth row group");
    }

    [Fact]
    public async Task ReadAsync_FirstRows_ReadTheFirstRowGroupOnly()
    {
        await using var stream = new CountingStream(File.OpenRead(fixtures.PathOf(Large)));

        var (_, rows) = await ParquetFileRows.ReadAsync(stream, 0, take: 10);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (object)(long)i), rows.Select(r => r[0]));
        Assert.True(stream.BytesRead < stream.Length / 4, $"read {stream.BytesRead} of {stream.Length} bytes for ten rows");
    }

    [Fact]
    public async Task ReadAsync_SkipPastTheFirstBatchOfABigRowGroup_StartsAtThatRow()
    {
        using var folder = new Infrastructure.TempFolder();
        var path = Path.Combine(folder.Path, "one-group.parquet");
        using (var writer = new ParquetSharp.ParquetFileWriter(path, [new ParquetSharp.Column<long>("id")]))
        {
            using (var group = writer.AppendRowGroup())
            using (var ids = group.NextColumn().LogicalWriter<long>())
            {
                ids.WriteBatch([.. Enumerable.Range(0, 150_000).Select(i => (long)i)]); // one row group, three 64 Ki batches
            }
            writer.Close();
        }

        var (_, rows) = await ParquetFileRows.ReadAsync(path, skip: 70_000);

        Assert.Equal(80_000, rows.Count);
        Assert.Equal(Enumerable.Range(70_000, 80_000).Select(i => (object)(long)i), rows.Select(r => r[0]));
    }

    [Fact]
    public async Task ReadAsync_SkipPastTheEnd_ReturnsNoRows()
    {
        var (_, rows) = await ParquetFileRows.ReadAsync(fixtures.PathOf(Large), ParquetFixtureFiles.LargeRows);

        Assert.Empty(rows);
    }

    [Fact]
    public async Task CountRows_LargeFile_ReadsOnlyTheFooter()
    {
        await using var stream = new CountingStream(File.OpenRead(fixtures.PathOf(Large)));

        Assert.Equal(ParquetFixtureFiles.LargeRows, ParquetRowReader.CountRows(stream));
        Assert.True(stream.BytesRead < 128 * 1024, $"read {stream.BytesRead} bytes for the count");
    }

    [Fact]
    public async Task CountRows_NotParquet_FormatErrorNamesTheCause()
    {
        var error = Assert.Throws<DatasetFormatException>(() => ParquetRowReader.CountRows(new MemoryStream("id,text\n1,a csv file\n"u8.ToArray())));

        Assert.StartsWith("Parquet: ", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Parquet: Invalid: Parquet magic bytes not found in footer", error.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task CountRows_TruncatedFile_FormatError()
    {
        var bytes = await File.ReadAllBytesAsync(fixtures.PathOf("hyparquet-types-snappy.parquet"));

        var error = Assert.Throws<DatasetFormatException>(() => ParquetRowReader.CountRows(new MemoryStream(bytes[..(bytes.Length / 2)])));

        Assert.StartsWith("Parquet: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountRows_FooterLengthPastTheStart_FormatError()
    {
        var bytes = await File.ReadAllBytesAsync(fixtures.PathOf("hyparquet-types-snappy.parquet"));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 8), bytes.Length);

        var error = Assert.Throws<DatasetFormatException>(() => ParquetRowReader.CountRows(new MemoryStream(bytes)));

        Assert.StartsWith("Parquet: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hyparquet-types-snappy.parquet")]
    [InlineData("parquetjs-v1-gzip.parquet")]
    [InlineData("parquetsharp-nested-zstd.parquet")]
    public async Task ReadAsync_CorruptPages_FormatErrorNamesTheCause(string name)
    {
        var bytes = await File.ReadAllBytesAsync(fixtures.PathOf(name));
        bytes.AsSpan(4, 64).Fill(0xEE); // the first column's first page header and body

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => ParquetFileRows.ReadAsync(new MemoryStream(bytes)));

        Assert.StartsWith("Parquet: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length > "Parquet: ".Length + 10, error.Message);
    }
}
