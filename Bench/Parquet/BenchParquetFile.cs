using Apache.Arrow;
using Apache.Arrow.Types;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Spaces.Bench.Parquet;

/// <summary>
/// The benchmark's Parquet files, written by ParquetSharp: int64 id, string text, double score, optional int32 bucket,
/// 100,000 rows per row group (the size the Hub's conversion uses), in the codec asked for.
/// </summary>
public static class BenchParquetFile
{
    public const int RowGroupRows = 100_000;

    private static readonly string[] Words = ["the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "données", "数据"];

    private static readonly Apache.Arrow.Schema Schema = new(
        [
            new Field("id", Int64Type.Default, false), new Field("text", StringType.Default, false),
            new Field("score", DoubleType.Default, false), new Field("bucket", Int32Type.Default, true),
        ],
        null);

    /// <summary>Writes <paramref name="rows"/> rows; <paramref name="text"/> makes row i's text (the default: 4-15 words and its number).</summary>
    public static void Write(string path, long rows, Compression codec, Func<long, string>? text = null)
    {
        text ??= Text;
        using var properties = new WriterPropertiesBuilder().Compression(codec).MaxRowGroupLength(RowGroupRows).Build();
        using var arrowProperties = new ArrowWriterPropertiesBuilder().Build();
        using var writer = new FileWriter(path, Schema, properties, arrowProperties);
        for (long start = 0; start < rows; start += RowGroupRows)
        {
            using var batch = Batch(start, (int)Math.Min(RowGroupRows, rows - start), text);
            writer.WriteRecordBatch(batch, RowGroupRows);
        }
        writer.Close();
    }

    public static string Text(long i) =>
        string.Join(' ', Enumerable.Range(0, 4 + (int)(i % 12)).Select(k => Words[(int)(((i * 7) + (k * 3)) % Words.Length)])) + $" #{i}";

    private static RecordBatch Batch(long start, int count, Func<long, string> text)
    {
        var (ids, texts, scores, buckets) = (new Int64Array.Builder(), new StringArray.Builder(), new DoubleArray.Builder(), new Int32Array.Builder());
        for (var i = start; i < start + count; i++)
        {
            ids.Append(i);
            texts.Append(text(i));
            scores.Append(i * 0.618033988749 % 1);
            _ = i % 7 == 0 ? buckets.AppendNull() : buckets.Append((int)(i % 1000));
        }
        return new RecordBatch(Schema, [ids.Build(), texts.Build(), scores.Build(), buckets.Build()], count);
    }
}
