using System.Globalization;
using System.Text.Json;

namespace Spaces.Tests.Parquet;

/// <summary>
/// Compares our values with hyparquet's dump (parquet-dump.mjs) by meaning: its tagged bytes, timestamps and dates
/// against our base64 and ISO-8601 text, its INT64 digits against our numbers, its (double) decimals against our exact
/// decimal text, nested values member by member.
/// </summary>
public static class ParquetValueAssert
{
    public static void RowsEqual(JsonElement[][] expected, IReadOnlyList<object?[]> actual, string file)
    {
        Assert.True(expected.Length == actual.Count, $"{file}: hyparquet read {expected.Length} rows, ours {actual.Count}");
        for (var r = 0; r < expected.Length; r++)
        {
            Assert.True(expected[r].Length == actual[r].Length, $"{file} row {r}: {expected[r].Length} columns against {actual[r].Length}");
            for (var c = 0; c < expected[r].Length; c++)
            {
                ValueEqual(expected[r][c], JsonSerializer.SerializeToElement(actual[r][c]), $"{file} row {r} column {c}");
            }
        }
    }

    public static void ValueEqual(JsonElement expected, JsonElement actual, string where)
    {
        var fail = $"{where}: hyparquet {expected.GetRawText()}, ours {actual.GetRawText()}";
        switch (expected.ValueKind)
        {
            // hyparquet reads zero repetitions of a bare repeated field as null; the format (and Arrow) says an empty list.
            case JsonValueKind.Null:
                Assert.True(actual.ValueKind == JsonValueKind.Null || actual is { ValueKind: JsonValueKind.Array } && actual.GetArrayLength() == 0, fail);
                break;
            case JsonValueKind.Object when expected.TryGetProperty("$bytes", out var bytes):
                Assert.True(actual.ValueKind == JsonValueKind.String && actual.GetString() == bytes.GetString(), fail);
                break;
            case JsonValueKind.Object when expected.TryGetProperty("$nanos", out var nanos):
                Assert.True(actual.ValueKind == JsonValueKind.String && IsoNanos(actual.GetString()!) == long.Parse(nanos.GetString()!, CultureInfo.InvariantCulture), fail);
                break;
            case JsonValueKind.Object when expected.TryGetProperty("$timeNanos", out var time):
                Assert.True(actual.ValueKind == JsonValueKind.String && TimeNanos(actual.GetString()!) == long.Parse(time.GetString()!, CultureInfo.InvariantCulture), fail);
                break;
            case JsonValueKind.Object when expected.TryGetProperty("$days", out var days):
                Assert.True(actual.ValueKind == JsonValueKind.String && IsoDays(actual.GetString()!) == days.GetInt64(), fail);
                break;
            case JsonValueKind.Object:
                Assert.True(actual.ValueKind == JsonValueKind.Object, fail);
                var expectedMembers = expected.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var actualMembers = actual.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                Assert.True(expectedMembers.Keys.Order().SequenceEqual(actualMembers.Keys.Order()), fail);
                foreach (var (name, value) in expectedMembers)
                {
                    ValueEqual(value, actualMembers[name], $"{where}.{name}");
                }
                break;
            case JsonValueKind.Array:
                Assert.True(actual.ValueKind == JsonValueKind.Array && actual.GetArrayLength() == expected.GetArrayLength(), fail);
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    ValueEqual(expected[i], actual[i], $"{where}[{i}]");
                }
                break;
            case JsonValueKind.String when actual.ValueKind == JsonValueKind.Number: // INT64 as digits
                Assert.True(actual.GetRawText() == expected.GetString(), fail);
                break;
            case JsonValueKind.Number when actual.ValueKind == JsonValueKind.String: // a decimal: hyparquet's is a double
                var exact = decimal.Parse(actual.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.True(Math.Abs((double)exact - expected.GetDouble()) <= Math.Abs(expected.GetDouble()) * 1e-15, fail);
                break;
            case JsonValueKind.Number:
                Assert.True(actual.ValueKind == JsonValueKind.Number && actual.GetDouble().Equals(expected.GetDouble()), fail);
                break;
            case JsonValueKind.String:
                Assert.True(actual.ValueKind == JsonValueKind.String && actual.GetString() == expected.GetString(), fail);
                break;
            default:
                Assert.True(expected.ValueKind == actual.ValueKind && expected.GetRawText() == actual.GetRawText(), fail);
                break;
        }
    }

    /// <summary>Nanoseconds since 1970 of <c>yyyy-MM-ddTHH:mm:ss[.f…][Z]</c>; a time without Z is taken as UTC, as INT96 is.</summary>
    public static long IsoNanos(string text)
    {
        var (whole, fraction) = text.TrimEnd('Z').Split('.') is [var w, var f] ? (w, f) : (text.TrimEnd('Z'), "");
        var seconds = DateTime.ParseExact(whole, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return ((seconds - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond * 1_000_000_000L) + long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);
    }

    /// <summary>Nanoseconds since midnight of <c>HH:mm:ss[.f…]</c>.</summary>
    public static long TimeNanos(string text)
    {
        var (whole, fraction) = text.Split('.') is [var w, var f] ? (w, f) : (text, "");
        var seconds = TimeSpan.ParseExact(whole, @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        return ((long)seconds.TotalSeconds * 1_000_000_000L) + long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);
    }

    private static long IsoDays(string text) =>
        (DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal) - DateTime.UnixEpoch).Days;
}
