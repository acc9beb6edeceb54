namespace Spaces.Silo.Datasets.Readers;

/// <summary>Which reader a file needs, from its name as the Hub lists it.</summary>
public static class DatasetFormats
{
    public const string Parquet = "parquet";
    public const string JsonLines = "jsonl";
    public const string Json = "json";
    public const string Csv = "csv";
    public const string Text = "text";

    /// <summary>The format of a data file, or null for files that are not data (README, scripts, images).</summary>
    public static string? Detect(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".parquet" => Parquet,
        ".jsonl" or ".ndjson" => JsonLines,
        ".json" => Json,
        ".csv" => Csv,
        ".txt" => Text,
        _ => null,
    };
}
