namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A file a worker produced for a request (an image, a clip), stored under a blob name the API generated.</summary>
public sealed record ResultFile(string Name, string ContentType, long Size, string BlobName);
