using System.Globalization;
using System.Text.Json;

namespace Spaces.Tests.Parquet;

/// <summary>The exact forms of logical and nested values, checked against what ParquetSharpFiles wrote.</summary>
[Collection(ParquetFixtureCollection.Name)]
public sealed class ParquetValueTests(ParquetFixtureFiles fixtures)
{
    private const string Nested = "parquetsharp-nested-zstd.parquet";

    [Fact]
    public async Task ReadAsync_Decimal_IsExactTextWithItsScale()
    {
        var (columns, rows) = await ParquetFileRows.ReadAsync(fixtures.PathOf(Nested));
        var price = columns.ToList().IndexOf("price");

        for (var i = 0; i < rows.Count; i++)
        {
            var expected = i % 11 == 5 ? null : ParquetSharpFiles.Price(i).ToString("0.0000", CultureInfo.InvariantCulture);
            Assert.Equal(expected, rows[i][price]);
        }
        Assert.Equal("12345678901.2345", rows[0][price]); // 15 significant digits past what a double holds exactly
    }

    [Fact]
    public async Task ReadAsync_TimestampsAndDates_AreIso8601()
    {
        var (columns, rows) = await ParquetFileRows.ReadAsync(fixtures.PathOf(Nested));
        var (at, day) = (columns.ToList().IndexOf("at"), columns.ToList().IndexOf("day"));

        for (var i = 0; i < rows.Count; i++)
        {
            var expected = ParquetSharpFiles.At(i).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.') + "Z";
            Assert.Equal(expected, rows[i][at]);
            Assert.Equal(new DateTime(2000, 2, 28).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rows[i][day]);
        }
        Assert.Equal("1969-12-31T22:30:00Z", rows[0][at]);
        Assert.Equal("1969-12-31T23:30:00.000001Z", rows[1][at]); // before 1970, the fraction still counts forward
    }

    [Fact]
    public async Task ReadAsync_Int96_IsIso8601ToTheNanosecond()
    {
        var (_, rows) = await ParquetFileRows.ReadAsync(fixtures.PathOf("parquetsharp-int96.parquet"));

        for (var i = 0; i < rows.Count; i++)
        {
            var (days, nanos) = ParquetSharpFiles.Legacy(i);
            var expected = i % 9 == 4 ? (long?)null : (days * 86_400_000_000_000L) + nanos;
            Assert.Equal(expected, rows[i][1] is string text ? ParquetValueAssert.IsoNanos(text) : null);
        }
        Assert.Equal("2019-04-15T00:00:01.234567891", rows[1][1]);
    }

    [Fact]
    public async Task ReadAsync_NestedColumns_AreJsonValues()
    {
        var (columns, rows) = await ParquetFileRows.ReadAsync(fixtures.PathOf(Nested));
        string Json(int row, string column) => JsonSerializer.Serialize(rows[row][columns.ToList().IndexOf(column)]);

        Assert.Equal("""["w3.0",null,"w3.2"]""", Json(3, "tags"));
        Assert.Equal("[]", Json(4, "tags"));
        Assert.Equal("null", Json(6, "tags"));
        Assert.Equal("""{"x":0.75,"y":-3,"label":"p3"}""", Json(3, "point"));
        Assert.Equal("""{"x":0,"y":null,"label":"p0"}""", Json(0, "point"));
        Assert.Equal("null", Json(2, "point"));
        Assert.Equal("""{"key0":50,"key1":51}""", Json(5, "attrs"));
        Assert.Equal("""{"key0":80,"key1":null}""", Json(8, "attrs"));
        Assert.Equal("null", Json(1, "attrs"));
        Assert.Equal("[[5],[6,7]]", Json(5, "grid"));
        Assert.IsType<JsonElement>(rows[5][columns.ToList().IndexOf("grid")]);
    }

    [Fact]
    public async Task ReadAsync_ScalarColumns_HaveTheRowTypes()
    {
        var (columns, rows) = await ParquetFileRows.ReadAsync(fixtures.PathOf(Nested));
        object? Value(int row, string column) => rows[row][columns.ToList().IndexOf(column)];

        Assert.Equal(-50_000_000L + 3_000_009L, Value(3, "id"));
        Assert.Equal("name 0 ünï 🐉", Value(0, "name"));
        Assert.Null(Value(3, "name"));
        Assert.Equal("tag-prefix-012-3", Value(123, "tag"));
        Assert.Equal((2 * 0.1) - 3.3, Value(2, "score"));
        Assert.Equal("NaN", Value(7, "score")); // JSON has no NaN
        Assert.Equal(2_000_000_014L, Value(2, "big"));
        Assert.Equal("18446744073709551612", JsonSerializer.Serialize(Value(3, "big"))); // an exact number past long
        Assert.Equal("00:14:30.000003", Value(3, "clock"));
        Assert.Null(Value(1, "clock"));
        Assert.Equal(0.375, Value(3, "half"));
    }
}
