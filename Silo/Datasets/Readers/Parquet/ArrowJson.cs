using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Spaces.Silo.Datasets.Readers.Parquet;

/// <summary>
/// Writes an Arrow cell as JSON, nested types included: lists as arrays, structs as objects, maps as objects keyed by the
/// key's text (a later duplicate key wins, as in a JSON parser). Scalars follow <see cref="ArrowValues"/>.
/// </summary>
/// <remarks>
/// Indexes are absolute in the child arrays: a list's offsets point into its (unsliced) values, and a struct's own
/// offset applies to its children, which Arrow does not slice for it.
/// </remarks>
public static class ArrowJson
{
    public static void Write(Utf8JsonWriter writer, IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            writer.WriteNullValue();
            return;
        }
        switch (array)
        {
            case MapArray map:
                WriteMap(writer, map, map.ValueOffsets[index], map.ValueOffsets[index + 1]);
                break;
            case ListArray list:
                WriteItems(writer, list.Values, list.ValueOffsets[index], list.ValueOffsets[index + 1]);
                break;
            case LargeListArray list:
                WriteItems(writer, list.Values, checked((int)list.ValueOffsets[index]), checked((int)list.ValueOffsets[index + 1]));
                break;
            case FixedSizeListArray list:
                var size = ((FixedSizeListType)list.Data.DataType).ListSize;
                WriteItems(writer, list.Values, (list.Offset + index) * size, (list.Offset + index + 1) * size);
                break;
            case StructArray structure:
                WriteStruct(writer, structure, index);
                break;
            default:
                WriteScalar(writer, ArrowValues.Read(array, index));
                break;
        }
    }

    private static void WriteItems(Utf8JsonWriter writer, IArrowArray values, int start, int end)
    {
        writer.WriteStartArray();
        for (var i = start; i < end; i++)
        {
            Write(writer, values, i);
        }
        writer.WriteEndArray();
    }

    private static void WriteStruct(Utf8JsonWriter writer, StructArray structure, int index)
    {
        var fields = ((StructType)structure.Data.DataType).Fields;
        writer.WriteStartObject();
        for (var f = 0; f < fields.Count; f++)
        {
            writer.WritePropertyName(fields[f].Name);
            Write(writer, structure.Fields[f], structure.Offset + index);
        }
        writer.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter writer, MapArray map, int start, int end)
    {
        var entries = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = start; i < end; i++)
        {
            var key = KeyText(ArrowValues.Read(map.Keys, i));
            if (!entries.ContainsKey(key))
            {
                order.Add(key);
            }
            entries[key] = i;
        }
        writer.WriteStartObject();
        foreach (var key in order)
        {
            writer.WritePropertyName(key);
            Write(writer, map.Values, entries[key]);
        }
        writer.WriteEndObject();
    }

    private static string KeyText(object? key) => key switch
    {
        string text => text,
        null => "null",
        byte[] bytes => Convert.ToBase64String(bytes),
        JsonElement element => element.GetRawText(),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };

    private static void WriteScalar(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            default:
                throw new DatasetFormatException($"Parquet: a value of type {value.GetType().Name} has no JSON form");
        }
    }
}
