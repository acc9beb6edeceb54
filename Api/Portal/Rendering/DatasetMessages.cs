using System.Text;
using System.Text.RegularExpressions;
using Spaces.Api.Portal.Text;

namespace Spaces.Api.Portal.Rendering;

/// <summary>
/// Progress messages arrive in English from the jobs ("Tokenizing... 25,000/50,000 samples"). The English text of each
/// <c>dataset.msg.*</c> string is the pattern that recognises a message, its <c>{n}</c> the parts carried over, so the
/// page shows the message in its own language. A message no pattern knows (an error's detail) is shown as it came.
/// The scripts get the same patterns (<see cref="ForScript"/>) and translate live messages the same way.
/// </summary>
public sealed class DatasetMessages(PortalText text)
{
    private const string Prefix = "dataset.msg.";

    // Longest first, so "Tokenization complete (20 samples)" is not taken for "Tokenization complete".
    private readonly IReadOnlyList<Pattern> _patterns = [.. text.EnglishStartingWith(Prefix)
        .OrderByDescending(p => p.Value.Length)
        .Select(p => new Pattern(p.Key, new Regex(ToPattern(p.Value), RegexOptions.CultureInvariant)))];

    public string Localize(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return "";
        }
        foreach (var pattern in _patterns)
        {
            var match = pattern.Regex.Match(message);
            if (match.Success)
            {
                return text.Format(pattern.Key, [.. match.Groups.Values.Skip(1).Select(g => (object)g.Value)]);
            }
        }
        return message;
    }

    /// <summary><c>[{key, pattern}]</c>: each pattern is valid both as a .NET and as a JavaScript regular expression.</summary>
    public IEnumerable<object> ForScript() => _patterns.Select(p => new { key = p.Key, pattern = p.Regex.ToString() });

    /// <summary><c>"Tokenizing... {0}/{1} samples"</c> → <c>^Tokenizing\.\.\. (.+?)/(.+?) samples$</c> (groups in placeholder order).</summary>
    private static string ToPattern(string template)
    {
        var pattern = new StringBuilder("^");
        var order = Regex.Matches(template, @"\{(\d+)\}").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (!order.SequenceEqual(Enumerable.Range(0, order.Count)))
        {
            throw new InvalidOperationException($"English message '{template}' must use its placeholders in order {{0}}, {{1}}…");
        }
        foreach (var part in Regex.Split(template, @"\{\d+\}").Select((text, i) => (text, i)))
        {
            if (part.i > 0)
            {
                pattern.Append("(.+?)");
            }
            foreach (var c in part.text)
            {
                if (@"\^$.|?*+()[]{}/".Contains(c, StringComparison.Ordinal))
                {
                    pattern.Append('\\');
                }
                pattern.Append(c);
            }
        }
        return pattern.Append('$').ToString();
    }

    private sealed record Pattern(string Key, Regex Regex);
}
