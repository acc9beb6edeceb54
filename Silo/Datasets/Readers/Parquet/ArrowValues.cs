using System.Buffers;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Spaces.Silo.Datasets.Readers.Parquet;

/// <summary>
/// One Arrow cell as a <see cref="DatasetRow"/> value: integers as long, floats as double, text as string, binary as bytes
/// (base64 in JSON); decimals, dates, times and timestamps as the exact text <see cref="ArrowText"/> writes; lists, structs
/// and maps as a <see cref="JsonElement"/> written by <see cref="ArrowJson"/>, as the samples preview shows them.
/// </summary>
public static class ArrowValues
{
    /// <summary>A reader of one column's cells, chosen once per batch so common types skip the type tests of <see cref="Read"/>.</summary>
    public static Func<int, object?> ReaderFor(IArrowArray array) => array switch
    {
        Int64Array a => i => a.IsNull(i) ? null : a.Values[i],
        Int32Array a => i => a.IsNull(i) ? null : (long)a.Values[i],
        DoubleArray a => i => a.IsNull(i) ? null : Float(a.Values[i]),
        StringArray a => i => a.GetString(i),
        BooleanArray a => i => a.GetValue(i),
        _ => i => Read(array, i),
    };

    public static object? Read(IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            return null;
        }
        return array switch
        {
            BooleanArray a => a.GetValue(index),
            Int8Array a => (long)a.Values[index],
            Int16Array a => (long)a.Values[index],
            Int32Array a => (long)a.Values[index],
            Int64Array a => a.Values[index],
            UInt8Array a => (long)a.Values[index],
            UInt16Array a => (long)a.Values[index],
            UInt32Array a => (long)a.Values[index],
            UInt64Array a => a.Values[index] <= long.MaxValue ? (long)a.Values[index] : Number(a.Values[index]),
            HalfFloatArray a => Float((double)a.Values[index]),
            FloatArray a => Float(a.Values[index]),
            DoubleArray a => Float(a.Values[index]),
            StringArray a => a.GetString(index),
            LargeStringArray a => a.GetString(index),
            StringViewArray a => a.GetString(index),
            DictionaryArray a => Read(a.Dictionary, DictionaryIndex(a, index)),
            _ when ArrowText.Format(array, index) is { } text => text,
            FixedSizeBinaryArray a => a.GetBytes(index).ToArray(),
            BinaryArray a => a.GetBytes(index).ToArray(),
            LargeBinaryArray a => a.GetBytes(index).ToArray(),
            BinaryViewArray a => a.GetBytes(index).ToArray(),
            ListArray or LargeListArray or FixedSizeListArray or StructArray => Json(array, index),
            _ => throw new DatasetFormatException($"Parquet: values of type {array.Data.DataType.Name} are not supported"),
        };
    }

    /// <summary>A double, or its name as text for NaN and the infinities, which JSON has no number for.</summary>
    internal static object Float(double value) => double.IsFinite(value) ? value : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static int DictionaryIndex(DictionaryArray array, int index) => array.Indices switch
    {
        Int8Array i => i.Values[index],
        Int16Array i => i.Values[index],
        Int32Array i => i.Values[index],
        Int64Array i => checked((int)i.Values[index]),
        UInt8Array i => i.Values[index],
        UInt16Array i => i.Values[index],
        UInt32Array i => checked((int)i.Values[index]),
        var other => throw new DatasetFormatException($"Parquet: dictionary indices of type {other.Data.DataType.Name} are not supported"),
    };

    /// <summary>An unsigned 64-bit value past long's range, as an exact JSON number.</summary>
    private static JsonElement Number(ulong value)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return JsonElement.ParseValue(ref reader);
    }

    private static JsonElement Json(IArrowArray array, int index)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ArrowJson.Write(writer, array, index);
        }
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
