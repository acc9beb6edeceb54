using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spaces.Api.Portal.Rendering;

namespace Spaces.Api.Portal.Text;

/// <summary>
/// The portal's strings: JSON files per area and language (<c>{area}.{culture}.json</c>, embedded). Pages and their
/// scripts read the same table, so a string shown by the server and the same string redrawn live never differ.
/// A key missing from a translation falls back to English; a key missing from English is a bug and throws.
/// </summary>
public sealed partial class PortalText
{
    public const string DefaultCulture = "en";
    public static readonly string[] Cultures = [DefaultCulture, "zh-CN"];

    // What each culture's files hold, and each culture's complete table (English filling the gaps), built once.
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _files;
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _tables;

    public PortalText()
    {
        _files = Cultures.ToFrozenDictionary(c => c, Load, StringComparer.OrdinalIgnoreCase);
        var english = _files[DefaultCulture];
        _tables = Cultures.ToFrozenDictionary(
            c => c,
            c => english.ToFrozenDictionary(p => p.Key, p => _files[c].GetValueOrDefault(p.Key, p.Value), StringComparer.Ordinal),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The string for <paramref name="key"/> in the current UI culture.</summary>
    public string this[string key] => TryGet(key) ?? throw new KeyNotFoundException($"The portal has no string '{key}'");

    /// <summary>The string with <c>{0}</c>-style placeholders filled in the current culture.</summary>
    public string Format(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, this[key], args);

    /// <summary>The whole table in the current culture, for the page's scripts (a few kilobytes).</summary>
    public IReadOnlyDictionary<string, string> ForScript() => Current;

    /// <summary>The string for <paramref name="key"/>, or null when the portal has none.</summary>
    public string? TryGet(string key) => Current.GetValueOrDefault(key);

    /// <summary>
    /// The string with <c>{name}</c> placeholders filled from the JSON object <paramref name="args"/>: numbers as
    /// <see cref="Formats.Number"/> writes them, anything else as it is; text.js's <c>t(key, {…})</c> does the same.
    /// Null when the portal has no such string.
    /// </summary>
    public string? TryFormat(string key, JsonElement args) =>
        TryGet(key) is { } template
            ? NamedPlaceholder().Replace(template, m => args.ValueKind == JsonValueKind.Object && args.TryGetProperty(m.Groups[1].Value, out var value)
                ? value.ValueKind == JsonValueKind.Number ? Formats.Number(value.GetDouble()) : value.ToString()
                : "")
            : null;

    /// <summary>Keys each culture's file holds, for the test that keeps translations complete.</summary>
    internal IReadOnlyCollection<string> KeysOf(string culture) => _files[culture].Keys;

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex NamedPlaceholder();

    private FrozenDictionary<string, string> Current =>
        _tables.GetValueOrDefault(CultureInfo.CurrentUICulture.Name) ?? _tables[DefaultCulture];

    /// <summary>Every embedded <c>{area}.{culture}.json</c> of this folder, merged; a key defined twice is a bug.</summary>
    private static FrozenDictionary<string, string> Load(string culture)
    {
        var assembly = typeof(PortalText).Assembly;
        var prefix = typeof(PortalText).Namespace + ".";
        var suffix = $".{culture}.json";
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            foreach (var (key, text) in JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!)
            {
                if (!table.TryAdd(key, text))
                {
                    throw new InvalidOperationException($"The portal string '{key}' is defined twice ({name})");
                }
            }
        }
        return table.Count > 0 ? table.ToFrozenDictionary(StringComparer.Ordinal) : throw new InvalidOperationException($"No portal strings for {culture}");
    }
}
