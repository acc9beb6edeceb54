namespace Spaces.Grains.Abstractions.Workers;

/// <summary>What the server sends a worker as <c>Request(...)</c>. File URLs are paths on the API that the worker's token may read.</summary>
public sealed record WorkerRequest(
    string RequestId,
    string SpaceId,
    string SpaceName,
    string Prompt,
    IReadOnlyList<WorkerFile> Files,
    int Attempt,
    DateTimeOffset CreatedAt);

public sealed record WorkerFile(string Name, string Kind, string ContentType, long Size, string Url);
