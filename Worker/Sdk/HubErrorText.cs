using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;

namespace Spaces.Worker.Sdk;

/// <summary>The server's own words in a hub error the official client raises.</summary>
internal static partial class HubErrorText
{
    /// <summary>
    /// "An unexpected error occurred invoking 'Register' on the server. HubException: Space not found: A" → "Space not found: A".
    /// The server wraps a <see cref="HubException"/>'s text that way; any other text is returned as it is.
    /// </summary>
    public static string ServerMessage(HubException error) =>
        ServerPrefix().Match(error.Message) is { Success: true } match ? match.Groups["message"].Value : error.Message;

    /// <summary>The server's 503 <c>StorageUnavailable</c> in words: nothing was changed, and the same call may succeed shortly.</summary>
    public static bool SaysStorageUnavailable(string serverMessage) =>
        serverMessage.Contains("storage is unavailable", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^An unexpected error occurred invoking '[^']*' on the server\. (?:\w*Exception: )?(?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex ServerPrefix();
}
