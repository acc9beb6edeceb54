using System.Text;
using Spaces.Silo.Datasets.Readers;

namespace Spaces.Tests.Datasets;

public sealed class TextReadersTests
{
    private static async Task<List<Dictionary<string, object?>>> ReadAsync(IRowReader reader, string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        var rows = new List<Dictionary<string, object?>>();
        await foreach (var row in reader.ReadAsync(stream, 0, CancellationToken.None))
        {
            rows.Add(row.ToDictionary());
        }
        return rows;
    }

    [Fact]
    public async Task Csv_QuotedFieldsWithCommasQuotesAndNewlines_AreOneField()
    {
        var rows = await ReadAsync(new CsvReader(), "id,text\r\n1,\"a, \"\"quoted\"\"\nline\"\r\n2,plain\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal("a, \"quoted\"\nline", rows[0]["text"]);
        Assert.Equal("2", rows[1]["id"]);
    }

    [Fact]
    public async Task Csv_ARecordWithTheWrongFieldCount_NamesTheRecord()
    {
        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => ReadAsync(new CsvReader(), "a,b\n1,2\n3\n"));

        Assert.Equal("CSV: record 3 has 1 fields, the header has 2", error.Message);
    }

    [Fact]
    public async Task JsonLines_TypedValues_AndABadLineIsNamed()
    {
        var rows = await ReadAsync(new JsonLinesReader(), "{\"text\":\"hi\",\"n\":3,\"x\":1.5,\"ok\":true,\"none\":null}\n\n");
        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => ReadAsync(new JsonLinesReader(), "{\"a\":1}\n{oops\n"));

        Assert.Equal(("hi", 3L, 1.5, true), ((string)rows[0]["text"]!, (long)rows[0]["n"]!, (double)rows[0]["x"]!, (bool)rows[0]["ok"]!));
        Assert.Null(rows[0]["none"]);
        Assert.StartsWith("JSON Lines: line 2 is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonArray_StreamsObjects_AndRefusesANonObject()
    {
        var rows = await ReadAsync(new JsonArrayReader(), "[{\"text\":\"a\"},{\"text\":\"b\"}]");
        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => ReadAsync(new JsonArrayReader(), "[{\"text\":\"a\"}, 5]"));

        Assert.Equal(["a", "b"], rows.Select(r => (string)r["text"]!));
        Assert.Equal("JSON: element 1 is a JSON number, not an object", error.Message);
    }

    [Fact]
    public async Task Text_EveryLineIsARow()
    {
        var rows = await ReadAsync(new TextLinesReader(), "first\n\nthird\n");

        Assert.Equal(["first", "", "third"], rows.Select(r => (string)r["text"]!));
    }
}
