using Apache.Arrow;
using Apache.Arrow.Types;
using ParquetSharp;
using ParquetSharp.Arrow;
using ArrowSchema = Apache.Arrow.Schema;
using ParquetCompression = ParquetSharp.Compression;
using ParquetEncoding = ParquetSharp.Encoding;
using TimeUnit = Apache.Arrow.Types.TimeUnit;

namespace Spaces.Tests.Parquet;

/// <summary>
/// Files written by ParquetSharp itself: every type a Hub dataset carries (decimals, timestamps, dates, lists, structs,
/// maps, nulls at every level), with DELTA and BYTE_STREAM_SPLIT encodings, in any codec; and an INT96 file.
/// The source values are kept so tests can check exact decimals and timestamps, not only agreement with hyparquet.
/// </summary>
public static class ParquetSharpFiles
{
    public const int Rows = 300;

    /// <summary>The exact decimal text of row <paramref name="i"/>'s <c>price</c> (decimal(20, 4)).</summary>
    public static decimal Price(int i) => (i % 2 == 0 ? 1 : -1) * (123_456_789_012_345m + (i * 7m)) / 10_000m;

    /// <summary>Row <paramref name="i"/>'s <c>at</c>, microseconds and UTC.</summary>
    public static DateTimeOffset At(int i) => new DateTimeOffset(1969, 12, 31, 22, 30, 0, TimeSpan.Zero).AddTicks(i * 36_000_000_010L);

    /// <summary>Row <paramref name="i"/>'s INT96 <c>legacy</c> as days since 1970 and nanoseconds of the day.</summary>
    public static (int Days, long Nanos) Legacy(int i) => (18_000 + i, (i * 1_234_567_891L) % 86_400_000_000_000L);

    /// <summary>Row <paramref name="i"/>'s <c>big</c> (uint64): odd rows lie past long's range.</summary>
    public static ulong Big(int i) => i % 2 == 1 ? ulong.MaxValue - (ulong)i : (ulong)i * 1_000_000_007UL;

    /// <summary>Row <paramref name="i"/>'s <c>clock</c> (time of day, microseconds).</summary>
    public static long Clock(int i) => (i * 290_000_001L) % 86_400_000_000L;

    public static void WriteNested(string path, ParquetCompression codec, int rows = Rows, long rowGroupRows = 128)
    {
        using var batch = NestedBatch(rows);
        using var properties = new WriterPropertiesBuilder()
            .Compression(codec)
            .MaxRowGroupLength(rowGroupRows)
            .DataPagesize(1024)
            .Version(ParquetVersion.PARQUET_2_6)
            .DisableDictionary("id").Encoding("id", ParquetEncoding.DeltaBinaryPacked)
            .DisableDictionary("name").Encoding("name", ParquetEncoding.DeltaLengthByteArray)
            .DisableDictionary("tag").Encoding("tag", ParquetEncoding.DeltaByteArray)
            .DisableDictionary("score").Encoding("score", ParquetEncoding.ByteStreamSplit)
            .Build();
        using var arrowProperties = new ArrowWriterPropertiesBuilder().Build();
        using var writer = new FileWriter(path, batch.Schema, properties, arrowProperties);
        writer.WriteRecordBatch(batch, rowGroupRows);
        writer.Close();
    }

    /// <summary>INT96 timestamps (the legacy Impala/Spark layout: nanoseconds of the day, then the Julian day), with nulls.</summary>
    public static void WriteInt96(string path, int rows = Rows)
    {
        var columns = new ParquetSharp.Column[] { new Column<long>("id"), new Column<Int96?>("legacy") };
        using var writer = new ParquetFileWriter(path, columns, ParquetCompression.Snappy);
        using var group = writer.AppendRowGroup();
        using (var ids = group.NextColumn().LogicalWriter<long>())
        {
            ids.WriteBatch([.. Enumerable.Range(0, rows).Select(i => (long)i)]);
        }
        using (var legacy = group.NextColumn().LogicalWriter<Int96?>())
        {
            legacy.WriteBatch([.. Enumerable.Range(0, rows).Select(i => i % 9 == 4 ? (Int96?)null : ToInt96(Legacy(i)))]);
        }
        writer.Close();
    }

    private static Int96 ToInt96((int Days, long Nanos) value) =>
        new((int)(value.Nanos & 0xFFFFFFFF), (int)(value.Nanos >> 32), value.Days + 2_440_588);

    private static RecordBatch NestedBatch(int rows)
    {
        var range = Enumerable.Range(0, rows).ToList();
        var ids = new Int64Array.Builder();
        var names = new StringArray.Builder();
        var tags = new StringArray.Builder();
        var kinds = new StringArray.Builder();
        var scores = new DoubleArray.Builder();
        var prices = new Decimal128Array.Builder(new Decimal128Type(20, 4));
        var times = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var days = new Date32Array.Builder();
        var (bigs, clocks, halves) = (new UInt64Array.Builder(), new Time64Array.Builder(new Time64Type(TimeUnit.Microsecond)), new HalfFloatArray.Builder());
        foreach (var i in range)
        {
            bigs.Append(Big(i));
            _ = i % 13 == 1 ? clocks.AppendNull() : clocks.Append(Clock(i));
            halves.Append((Half)(i / 8.0));
            ids.Append((i * 1_000_003L) - 50_000_000L);
            _ = i % 5 == 3 ? names.AppendNull() : names.Append($"name {i} ünï 🐉");
            tags.Append($"tag-prefix-{i / 10:D3}-{i % 10}");
            kinds.Append(i % 3 == 0 ? "cat" : "robot");
            scores.Append(i == 7 ? double.NaN : (i * 0.1) - 3.3);
            _ = i % 11 == 5 ? prices.AppendNull() : prices.Append(Price(i));
            times.Append(At(i));
            days.Append(new DateTime(2000, 2, 28).AddDays(i));
        }
        var fields = new List<Field>
        {
            new("id", Int64Type.Default, false), new("name", StringType.Default, true), new("tag", StringType.Default, false),
            new("kind", StringType.Default, false), new("score", DoubleType.Default, false), new("price", new Decimal128Type(20, 4), true),
            new("at", new TimestampType(TimeUnit.Microsecond, "UTC"), false), new("day", Date32Type.Default, false),
            new("big", UInt64Type.Default, false), new("clock", new Time64Type(TimeUnit.Microsecond), true), new("half", HalfFloatType.Default, false),
        };
        var arrays = new List<IArrowArray>
        {
            ids.Build(), names.Build(), tags.Build(), kinds.Build(), scores.Build(), prices.Build(), times.Build(), days.Build(),
            bigs.Build(), clocks.Build(), halves.Build(),
        };
        AddNested(range, fields, arrays);
        return new RecordBatch(new ArrowSchema(fields, null), arrays, rows);
    }

    /// <summary>tags: list of strings; point: struct; attrs: map of string to int; items: list of structs; grid: list of lists.</summary>
    private static void AddNested(List<int> range, List<Field> fields, List<IArrowArray> arrays)
    {
        var words = new ListArray.Builder(StringType.Default);
        var wordValues = (StringArray.Builder)words.ValueBuilder;
        var attrs = new MapArray.Builder(new MapType(StringType.Default, Int32Type.Default));
        var (attrKeys, attrValues) = ((StringArray.Builder)attrs.KeyBuilder, (Int32Array.Builder)attrs.ValueBuilder);
        var grid = new ListArray.Builder(new ListType(Int32Type.Default));
        var gridRows = (ListArray.Builder)grid.ValueBuilder;
        var gridValues = (Int32Array.Builder)gridRows.ValueBuilder;
        foreach (var i in range)
        {
            if (i % 7 == 6)
            {
                words.AppendNull();
            }
            else
            {
                words.Append();
                for (var k = 0; k < i % 4; k++)
                {
                    _ = k == 1 && i % 3 == 0 ? wordValues.AppendNull() : wordValues.Append($"w{i}.{k}");
                }
            }
            if (i % 6 == 1)
            {
                attrs.AppendNull();
            }
            else
            {
                attrs.Append();
                for (var k = 0; k < i % 3; k++)
                {
                    attrKeys.Append($"key{k}");
                    _ = k == 1 && i % 2 == 0 ? attrValues.AppendNull() : attrValues.Append(i * 10 + k);
                }
            }
            grid.Append();
            for (var r = 0; r < i % 3; r++)
            {
                gridRows.Append();
                for (var c = 0; c <= r; c++)
                {
                    gridValues.Append(i + r + c);
                }
            }
        }
        fields.Add(new Field("tags", new ListType(new Field("element", StringType.Default, true)), true));
        arrays.Add(words.Build());
        fields.Add(new Field("point", PointType, true));
        arrays.Add(Points(range));
        fields.Add(new Field("attrs", new MapType(StringType.Default, Int32Type.Default), true));
        arrays.Add(attrs.Build());
        fields.Add(new Field("grid", new ListType(new ListType(Int32Type.Default)), false));
        arrays.Add(grid.Build());
    }

    private static readonly StructType PointType = new([
        new Field("x", DoubleType.Default, false), new Field("y", DoubleType.Default, true), new Field("label", StringType.Default, true)]);

    private static StructArray Points(List<int> range)
    {
        var (xs, ys, labels) = (new DoubleArray.Builder(), new DoubleArray.Builder(), new StringArray.Builder());
        var valid = new ArrowBuffer.BitmapBuilder();
        foreach (var i in range)
        {
            valid.Append(i % 8 != 2);
            xs.Append(i / 4.0);
            _ = i % 5 == 0 ? ys.AppendNull() : ys.Append(-i);
            labels.Append($"p{i}");
        }
        return new StructArray(PointType, range.Count, [xs.Build(), ys.Build(), labels.Build()], valid.Build(), valid.UnsetBitCount);
    }
}
