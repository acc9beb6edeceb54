using System.Text.RegularExpressions;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Portal.Text;

public static partial class Problems
{
    /// <summary>
    /// The message for a refusal in the reader's language: the portal's words for its rule (<c>error.{Code}.{Reason}</c>)
    /// or else its code (<c>error.{Code}</c>; every code has them), with <c>{0}</c> filled by the server's detail, which
    /// may carry specifics such as the caret under a bad split spec, and <c>{1}</c>… by the rule's arguments.
    /// The scripts do the same (<c>problem()</c> in text.js).
    /// </summary>
    public static string Message(this PortalText text, SpacesException refusal)
    {
        var words = (refusal.Reason is { } reason ? text.TryGet($"error.{refusal.Code}.{reason}") : null)
            ?? text.TryGet($"error.{refusal.Code}");
        if (words is null)
        {
            return refusal.Detail;
        }
        string[] args = [refusal.Detail, .. refusal.ReasonArgs];
        // Not string.Format: a brace in the server's detail or the words must come out as it is, not throw.
        return Placeholder().Replace(words, m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < args.Length ? args[i] : "");
    }

    [GeneratedRegex(@"\{(\d)\}")]
    private static partial Regex Placeholder();
}
