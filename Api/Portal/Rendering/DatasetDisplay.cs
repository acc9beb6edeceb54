using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Datasets;
using Spaces.Api.Portal.Text;
using Spaces.Silo.Datasets.Tokenization;

namespace Spaces.Api.Portal.Rendering;

/// <summary>
/// A dataset as the pages show it (its numbers, sizes and percentages go through <see cref="Formats"/>).
/// </summary>
public sealed record DatasetDisplay(DatasetView View, long? Seq)
{
    /// <summary>The job's message (the error's, in status <c>error</c>) in the page's language, by its key; as it came when the portal has no words for the key.</summary>
    public string MessageIn(PortalText text) =>
        (View.Key is { } key && View.Args is { } args ? text.TryFormat($"dataset.msg.{key}", args) : null) ?? View.Message ?? "";

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
