using System.Globalization;
using System.Text.Json;
using Spaces.Parquet;

namespace Spaces.Tests.Parquet;

/// <summary>Compares our values with hyparquet's JSON dump (INT64 as strings, bytes as base64, non-finite floats as strings).</summary>
internal static class ParquetValueAssert
{
    public static void RowsEqual(IReadOnlyList<ParquetColumn> columns, JsonElement[][] expected, IReadOnlyList<object?[]> actual, string context)
    {
        Assert.True(expected.Length == actual.Count, $"{context}: hyparquet read {expected.Length} rows, we read {actual.Count}");
        for (var row = 0; row < expected.Length; row++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                ValueEqual(columns[c], expected[row][c], actual[row][c], $"{context} row {row} column '{columns[c].Name}'");
            }
        }
    }

    public static void ValueEqual(ParquetColumn column, JsonElement expected, object? actual, string where)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.True(actual is null, $"{where}: expected null, got {actual}");
            return;
        }

        Assert.True(actual is not null, $"{where}: expected {expected}, got null");
        object expectedValue = actual switch
        {
            bool => expected.GetBoolean(),
            int => expected.GetInt32(),
            long => long.Parse(expected.GetString() ?? "", CultureInfo.InvariantCulture),
            float => (float)Number(expected),
            double => Number(expected),
            string => expected.GetString() ?? "",
            byte[] => Convert.FromBase64String(expected.GetString() ?? ""),
            _ => throw new InvalidOperationException($"{where}: unexpected value type {actual.GetType()}"),
        };
        Assert.True(actual.GetType() == column.ClrType, $"{where}: value is {actual.GetType()} but the column says {column.ClrType}");
        if (actual is byte[] bytes)
        {
            Assert.True(((byte[])expectedValue).AsSpan().SequenceEqual(bytes), $"{where}: bytes differ");
        }
        else
        {
            Assert.True(expectedValue.Equals(actual), $"{where}: expected {expectedValue}, got {actual}");
        }
    }

    private static double Number(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? double.Parse(element.GetString() ?? "", CultureInfo.InvariantCulture)
        : element.GetDouble();
}
