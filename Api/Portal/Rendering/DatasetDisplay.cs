using System.Globalization;
using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Datasets;
using Spaces.Silo.Datasets.Tokenization;

namespace Spaces.Api.Portal.Rendering;

/// <summary>
/// A dataset as the pages show it. Numbers, sizes and percentages are written exactly as <c>number()</c>,
/// <c>bytes()</c> and <c>percent()</c> write them in the scripts, so a value redrawn live never changes its form.
/// </summary>
public sealed record DatasetDisplay(DatasetView View, long? Seq)
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB"];

    public string Id => View.Id;

    public bool IsBusy => DatasetStatuses.IsBusy(View.Status);

    /// <summary>The import finished at some point, so the rows can be previewed and tokenized.</summary>
    public bool IsImported => View.NumSamples is not null;

    public bool CanTokenize => !IsBusy && IsImported;

    /// <summary>The last tokenization finished; its settings and statistics are the dataset's current ones.</summary>
    public TokenizationInfo? Tokenized => View.Tokenization is { Status: JobStatuses.Done } done ? done : null;

    /// <summary>The badge's colour class; the seed's blue for work in progress, green for ready, red for error.</summary>
    public string BadgeClass => $"badge badge-{View.Status}";

    public string Where => string.Join(" · ", new[] { View.Config, View.Split }.Where(s => !string.IsNullOrEmpty(s)));

    public TokenStatisticsReport? Statistics =>
        Tokenized?.Statistics is { ValueKind: JsonValueKind.Object } json
            ? json.Deserialize<TokenStatisticsReport>(SpacesJson.Options)
            : null;

    /// <summary>The import's own findings (columns and rows per split), when it recorded them.</summary>
    public ImportFacts Import => ImportFacts.Read(View.Statistics);

    public static string Percent(double progress) => Number(progress, 1) + "%";

    public static string Number(double value, int fractionDigits = 0) =>
        value.ToString(fractionDigits == 0 ? "#,0" : "#,0." + new string('#', fractionDigits), CultureInfo.CurrentCulture);

    public static string Bytes(long value)
    {
        double size = value;
        var unit = 0;
        while (size >= 1024 && unit < Units.Length - 1)
        {
            size /= 1024;
            unit++;
        }
        return $"{Number(size, unit == 0 ? 0 : 1)} {Units[unit]}";
    }
}

public sealed record ImportFacts(IReadOnlyList<string> Columns, IReadOnlyList<KeyValuePair<string, long>> Splits)
{
    public static ImportFacts Read(JsonElement? statistics)
    {
        List<string> columns = [];
        List<KeyValuePair<string, long>> splits = [];
        if (statistics is { ValueKind: JsonValueKind.Object } json)
        {
            if (json.TryGetProperty("columns", out var c) && c.ValueKind == JsonValueKind.Array)
            {
                columns.AddRange(c.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()).OfType<string>());
            }
            if (json.TryGetProperty("splits", out var s) && s.ValueKind == JsonValueKind.Object)
            {
                splits.AddRange(s.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
                    .Select(p => KeyValuePair.Create(p.Name, p.Value.GetInt64())));
            }
        }
        return new ImportFacts(columns, splits);
    }
}
