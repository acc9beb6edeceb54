using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Grains.Spaces;

/// <summary>Request rows as the contract shows them.</summary>
public static class RequestViews
{
    public static string FileUrl(string requestId, string fileName) => $"/api/requests/{requestId}/files/{Uri.EscapeDataString(fileName)}";

    public static string ResultFileUrl(string requestId, string fileName) =>
        $"/api/requests/{requestId}/results/{Uri.EscapeDataString(fileName)}";

    public static ResultFileView From(string requestId, ResultFile file) =>
        new(file.Name, file.ContentType, file.Size, ResultFileUrl(requestId, file.Name));

    public static IReadOnlyList<RequestFile> Files(RequestState r) =>
        JsonSerializer.Deserialize<List<RequestFile>>(r.FilesJson, SpacesJson.Options) ?? [];

    /// <param name="position">1-based place in the queue; 0 when the request is not queued.</param>
    public static RequestView From(RequestState r, int position) => new(
        r.Id,
        r.SpaceId,
        r.Status,
        position,
        r.Progress,
        r.Message,
        r.ResultJson is { } json ? JsonSerializer.Deserialize<JsonElement>(json) : null,
        r.Error,
        r.Attempts,
        r.Prompt,
        [.. Files(r).Select(f => new RequestFileView(f.Name, f.Kind, f.ContentType, f.Size, FileUrl(r.Id, f.Name)))],
        DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt),
        SpaceViews.Time(r.StartedAt),
        SpaceViews.Time(r.CompletedAt));
}
