namespace Spaces.Grains.Abstractions.Streams;

/// <summary>Channel names are built and parsed here and nowhere else.</summary>
public static class Channels
{
    public const string SpacesPrefix = "spaces/";
    public const string RequestsPrefix = "requests/";
    public const string DatasetsPrefix = "datasets/";

    public static string SpaceStatus(string spaceId) => $"{SpacesPrefix}{spaceId}/status";

    public static string Request(string requestId) => $"{RequestsPrefix}{requestId}";

    public static string DatasetProgress(string datasetId) => $"{DatasetsPrefix}{datasetId}/progress";

    /// <summary>Splits a channel name into its kind and entity id; false for anything that is not a channel.</summary>
    public static bool TryParse(string? channel, out ChannelKind kind, out string id)
    {
        kind = default;
        id = "";
        if (string.IsNullOrEmpty(channel) || channel.Length > 200)
        {
            return false;
        }
        var parts = channel.Split('/');
        (kind, id) = parts switch
        {
            ["spaces", var x, "status"] => (ChannelKind.SpaceStatus, x),
            ["requests", var x] => (ChannelKind.Request, x),
            ["datasets", var x, "progress"] => (ChannelKind.DatasetProgress, x),
            _ => (default, ""),
        };
        return id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }
}

public enum ChannelKind
{
    SpaceStatus,
    Request,
    DatasetProgress,
}
