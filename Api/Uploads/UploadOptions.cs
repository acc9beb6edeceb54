namespace Spaces.Api.Uploads;

/// <summary>Limits on what a submission, or a worker's result file, may carry (section <c>Spaces:Uploads</c>).</summary>
public sealed class UploadOptions
{
    public const string Section = "Spaces:Uploads";

    /// <summary>Each submitted file, and each result file a worker uploads.</summary>
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The whole request body, prompt and all files.</summary>
    public long MaxRequestBytes { get; set; } = 200L * 1024 * 1024;

    public int MaxFiles { get; set; } = 10;

    public int MaxPromptLength { get; set; } = 20_000;

    /// <summary>A space's cover image (<c>PUT /api/spaces/{id}/cover</c>).</summary>
    public long MaxCoverBytes { get; set; } = 2L * 1024 * 1024;
}
