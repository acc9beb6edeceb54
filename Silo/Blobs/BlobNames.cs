namespace Spaces.Silo.Blobs;

/// <summary>
/// Blob names are built here: segments of ASCII letters, digits, '-', '_' and '.', never '.' or '..' alone,
/// so a name is safe as a file path and as a URL path on every store.
/// </summary>
public static class BlobNames
{
    public static string RequestFile(string requestId, int index) => Join("requests", requestId, $"{index:D3}");

    /// <summary>
    /// A result file's bytes, under <see cref="RequestPrefix"/> so whatever removes a request's blobs removes these too.
    /// <paramref name="uploadId"/> is fresh per upload: a replacement is written beside the file it replaces, which
    /// stays intact until the new one is recorded.
    /// </summary>
    public static string RequestResultFile(string requestId, string uploadId) => Join("requests", requestId, "results", uploadId);

    public static string RequestPrefix(string requestId) => Join("requests", requestId) + "/";

    /// <summary>A space's cover; <paramref name="version"/> is derived from the image's bytes, so each upload gets its own name.</summary>
    public static string SpaceCover(string spaceId, string version) => Join("spaces", spaceId, $"cover-{version}");

    public static string SpacePrefix(string spaceId) => Join("spaces", spaceId) + "/";

    public static string DatasetPrefix(string datasetId) => Join("datasets", datasetId) + "/";

    public static string Join(params string[] segments)
    {
        foreach (var segment in segments)
        {
            if (!IsSafeSegment(segment))
            {
                throw new ArgumentException($"Unsafe blob name segment '{segment}'", nameof(segments));
            }
        }
        return string.Join('/', segments);
    }

    public static bool IsSafe(string name) => name.Length is > 0 and <= 512 && name.Split('/').All(IsSafeSegment);

    private static bool IsSafeSegment(string segment) =>
        segment.Length is > 0 and <= 200
        && segment is not "." and not ".."
        && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
