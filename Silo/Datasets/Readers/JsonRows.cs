using System.Text.Json;

namespace Spaces.Silo.Datasets.Readers;

internal static class JsonRows
{
    public static DatasetRow FromObject(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new DatasetFormatException($"{where} is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }
        var columns = new List<string>();
        var values = new List<object?>();
        foreach (var property in element.EnumerateObject())
        {
            columns.Add(property.Name);
            values.Add(ValueOf(property.Value));
        }
        return new DatasetRow(columns, [.. values]);
    }

    private static object? ValueOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var integer) => integer,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.Clone(),
    };
}
