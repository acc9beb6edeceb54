namespace Spaces.HuggingFace;

/// <summary>
/// What a HEAD on a resolve URL tells: the commit the revision resolved to, the content's etag (sha256 for LFS files,
/// git blob sha1 otherwise, without quotes or <c>W/</c>), its size, and the CDN location when the Hub redirects there.
/// </summary>
public sealed record HubFileMetadata(string? CommitSha, string? ETag, long? Size, Uri? Location);
