namespace Spaces.HuggingFace;

/// <summary>
/// Bytes written to the destination so far, and the total when the server told it. After a restart (a server that
/// ignored the range request) <see cref="BytesReceived"/> goes back to 0.
/// </summary>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes);
