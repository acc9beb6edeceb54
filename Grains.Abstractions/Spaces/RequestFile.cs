namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A file submitted with a request: <see cref="Kind"/> is the input it came through (audio, video, image, file).</summary>
public sealed record RequestFile(string Name, string Kind, string ContentType, long Size, string BlobName);
