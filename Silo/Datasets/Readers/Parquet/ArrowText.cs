using System.Globalization;
using System.Numerics;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Spaces.Silo.Datasets.Readers.Parquet;

/// <summary>
/// Decimals, dates, times and timestamps as text. Decimals are exact, with their scale's digits (<c>-12.30</c>): a JSON
/// number would pass through a double in every JavaScript client and lose digits. Timestamps and INT96 are ISO-8601 to the
/// nanosecond, fraction digits trimmed; <c>Z</c> when the column is adjusted to UTC, no offset when it is local time.
/// </summary>
public static class ArrowText
{
    /// <summary>The text of a logical scalar, or null when the array holds no such type.</summary>
    public static string? Format(IArrowArray array, int index) => array switch
    {
        Decimal128Array a => Decimal(a.GetBytes(index), ((Decimal128Type)a.Data.DataType).Scale),
        Decimal256Array a => Decimal(a.GetBytes(index), ((Decimal256Type)a.Data.DataType).Scale),
        Date32Array a => Date(a.Values[index] * 86_400L),
        Date64Array a => Date(FloorDivRem(a.Values[index], 1000L).Seconds),
        TimestampArray a => Timestamp(a.Values[index], (TimestampType)a.Data.DataType),
        Time32Array a => TimeOfDay(a.Values[index], ((Time32Type)a.Data.DataType).Unit),
        Time64Array a => TimeOfDay(a.Values[index], ((Time64Type)a.Data.DataType).Unit),
        _ => null,
    };

    /// <summary>A little-endian two's-complement unscaled value with the decimal point <paramref name="scale"/> digits from the right.</summary>
    public static string Decimal(ReadOnlySpan<byte> unscaled, int scale)
    {
        var value = new BigInteger(unscaled, isUnsigned: false, isBigEndian: false);
        var digits = BigInteger.Abs(value).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder(digits.Length + 3);
        if (value.Sign < 0)
        {
            text.Append('-');
        }
        if (scale <= 0)
        {
            return text.Append(digits).Append('0', -scale).ToString();
        }
        digits = digits.PadLeft(scale + 1, '0');
        return text.Append(digits, 0, digits.Length - scale).Append('.').Append(digits, digits.Length - scale, scale).ToString();
    }

    private static string Date(long unixSeconds) =>
        DateTime.UnixEpoch.AddSeconds(unixSeconds).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Timestamp(long value, TimestampType type)
    {
        var perSecond = UnitsPerSecond(type.Unit);
        var (seconds, units) = FloorDivRem(value, perSecond);
        var time = DateTime.UnixEpoch.AddSeconds(seconds);
        var utc = string.IsNullOrEmpty(type.Timezone) ? "" : "Z";
        return time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + Fraction(units, perSecond) + utc;
    }

    private static string TimeOfDay(long value, TimeUnit unit)
    {
        var perSecond = UnitsPerSecond(unit);
        var (seconds, units) = FloorDivRem(value, perSecond);
        return TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) + Fraction(units, perSecond);
    }

    /// <summary>".123" for 123 ms, ".000001" for 1 µs, "" for none: the digits of the unit, trailing zeros dropped.</summary>
    private static string Fraction(long units, long perSecond)
    {
        if (units == 0)
        {
            return "";
        }
        var width = (int)Math.Log10(perSecond);
        return "." + units.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0').TrimEnd('0');
    }

    private static long UnitsPerSecond(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => 1,
        TimeUnit.Millisecond => 1_000,
        TimeUnit.Microsecond => 1_000_000,
        _ => 1_000_000_000,
    };

    /// <summary>Whole seconds rounded down and the non-negative rest, so times before 1970 keep a positive fraction.</summary>
    private static (long Seconds, long Units) FloorDivRem(long value, long perSecond)
    {
        var (seconds, units) = Math.DivRem(value, perSecond);
        return units < 0 ? (seconds - 1, units + perSecond) : (seconds, units);
    }
}
