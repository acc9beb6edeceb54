namespace Spaces.Grains.Abstractions;

/// <summary>
/// The ids this service hands out (hex and GUID strings) as grain keys. Anything else from a URL is no id of ours, and
/// never reaches Orleans, which refuses blank keys with an exception, not an answer.
/// </summary>
public static class GrainKeys
{
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
