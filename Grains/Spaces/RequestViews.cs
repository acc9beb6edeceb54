using System.Text.Json;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Grains.Spaces;

/// <summary>Request states as the contract shows them.</summary>
public static class RequestViews
{
    public static string FileUrl(string requestId, string fileName) => $"/api/requests/{requestId}/files/{Uri.EscapeDataString(fileName)}";

    public static string ResultFileUrl(string requestId, string fileName) =>
        $"/api/requests/{requestId}/results/{Uri.EscapeDataString(fileName)}";

    public static ResultFileView From(string requestId, ResultFile file) =>
        new(file.Name, file.ContentType, file.Size, ResultFileUrl(requestId, file.Name));

    /// <summary>The worker's result, parsed from the JSON text the state keeps.</summary>
    public static JsonElement? ResultOf(RequestState r) => r.ResultJson is { } json ? JsonSerializer.Deserialize<JsonElement>(json) : null;

    /// <param name="position">1-based place in the queue; 0 when the request is not queued.</param>
    public static RequestView From(string id, RequestState r, int position) => new(
        id,
        r.SpaceId,
        r.Status,
        position,
        r.Progress,
        r.Message,
        ResultOf(r),
        r.Error,
        r.Attempts,
        r.Prompt,
        [.. r.Files.Select(f => new RequestFileView(f.Name, f.Kind, f.ContentType, f.Size, FileUrl(id, f.Name)))],
        r.CreatedAt,
        r.StartedAt,
        r.CompletedAt);

    public static WorkerRequest ToWorker(string id, RequestState r, string spaceName) => new(
        id,
        r.SpaceId,
        spaceName,
        r.Prompt,
        [.. r.Files.Select(f => new WorkerFile(f.Name, f.Kind, f.ContentType, f.Size, FileUrl(id, f.Name)))],
        r.Attempts,
        r.CreatedAt);
}
