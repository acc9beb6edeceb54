using System.Text.Json;

namespace Spaces.Api.Portal.Rendering;

/// <summary>
/// A worker's result, read for display. A string is text; an object's <c>text</c> is text and each entry of its
/// <c>files</c> (<c>{name, content_type, url}</c>) is media shown by its type. The JSON is always there too.
/// Only addresses on this site or https are shown, so a result cannot point the page at a script URL.
/// </summary>
public sealed record ResultContent(string? Text, IReadOnlyList<ResultMedia> Files, string Json)
{
    public static ResultContent Read(JsonElement result)
    {
        var json = JsonSerializer.Serialize(result, Indented);
        if (result.ValueKind == JsonValueKind.String)
        {
            return new ResultContent(result.GetString(), [], json);
        }
        if (result.ValueKind != JsonValueKind.Object)
        {
            return new ResultContent(null, [], json);
        }
        var text = result.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        List<ResultMedia> files = [];
        if (result.TryGetProperty("files", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in list.EnumerateArray())
            {
                if (ResultMedia.Read(entry) is { } file)
                {
                    files.Add(file);
                }
            }
        }
        return new ResultContent(text, files, json);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

public sealed record ResultMedia(string Name, string ContentType, string Url)
{
    /// <summary>image, audio, video, or download.</summary>
    public string Kind => ContentType.Split('/')[0] switch
    {
        "image" => "image",
        "audio" => "audio",
        "video" => "video",
        _ => "download",
    };

    public static ResultMedia? Read(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var address = url.GetString()!;
        if (!Addresses.IsShowable(address))
        {
            return null;
        }
        var name = entry.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : address;
        var type = entry.TryGetProperty("content_type", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "application/octet-stream";
        return new ResultMedia(name, type, address);
    }
}
