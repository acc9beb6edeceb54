using System.Globalization;
using System.Text.Json;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>
/// Every message a dataset's jobs send, one factory per key. The English texts are the seed's, byte for byte (the
/// portal's <c>dataset.msg.{key}</c> strings render the same words from the key and arguments).
/// </summary>
public static class DatasetMessages
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static DatasetMessage StartingDownload { get; } = Of("download.starting", "Starting download...");

    public static DatasetMessage Downloading { get; } = Of("download.hub", "Downloading from HuggingFace Hub...");

    public static DatasetMessage DownloadingFile(long bytes, int file, int files)
    {
        var mb = (bytes / 1e6).ToString("0.0", Invariant);
        return Of("download.file", $"Downloading from HuggingFace Hub... {mb} MB of file {file}/{files}", new { mb, file, files });
    }

    public static DatasetMessage Saving { get; } = Of("download.saving", "Saving dataset to disk...");

    public static DatasetMessage Processing { get; } = Of("download.processing", "Download complete, processing metadata...");

    public static DatasetMessage Downloaded { get; } = Of("download.done", "Dataset downloaded successfully");

    public static DatasetMessage DownloadFailed(string detail) => Of("download.failed", $"Download failed: {detail}", new { detail });

    public static DatasetMessage NoDataFiles(string repo, string split) =>
        Of("download.no_files", $"Download failed: dataset {repo} has no data files for split '{split}'", new { repo, split });

    public static DatasetMessage SeveralConfigs(string repo, string configs) =>
        Of("import.several_configs", $"Dataset {repo} has several configs ({configs}); choose one", new { repo, configs });

    public static DatasetMessage InvalidSplit(string detail) => Of("import.invalid_split", detail, new { detail });

    public static DatasetMessage NoRowsSelected(string split, string counts) =>
        Of("import.no_rows", $"The split '{split}' selects no rows ({counts})", new { split, counts });

    public static DatasetMessage Unreadable(string path, string detail) => Of("import.unreadable", $"Cannot read {path}: {detail}", new { path, detail });

    public static DatasetMessage FileMissing(string path) => Of("import.file_missing", $"The downloaded file {path} disappeared from storage", new { path });

    public static DatasetMessage StartingTokenization { get; } = Of("tokenize.starting", "Starting tokenization...");

    public static DatasetMessage LoadingTokenizer { get; } = Of("tokenize.loading_tokenizer", "Loading tokenizer...");

    public static DatasetMessage LoadingDataset { get; } = Of("tokenize.loading_dataset", "Loading dataset...");

    public static DatasetMessage Analyzing { get; } = Of("tokenize.analyzing", "Analyzing dataset schema...");

    public static DatasetMessage TokenizingTotal(long total) => Of("tokenize.total", $"Tokenizing {Count(total)} samples...", new { total });

    public static DatasetMessage TokenizingRows(long done, long total) =>
        Of("tokenize.rows", $"Tokenizing... {Count(done)}/{Count(total)} samples", new { done, total });

    /// <summary>A run restarted after its host died, going on from its last checkpoint.</summary>
    public static DatasetMessage Resuming(long done, long total) =>
        Of("tokenize.resuming", $"Resuming tokenization at {Count(done)}/{Count(total)} samples...", new { done, total });

    public static DatasetMessage TokenizedRows(long total) => Of("tokenize.rows_done", $"Tokenization complete ({Count(total)} samples)", new { total });

    public static DatasetMessage Statistics { get; } = Of("tokenize.statistics", "Calculating statistics...");

    public static DatasetMessage SavingResults { get; } = Of("tokenize.saving", "Saving results...");

    public static DatasetMessage Tokenized { get; } = Of("tokenize.done", "Tokenization complete");

    public static DatasetMessage TokenizerFailed(string name, string detail) =>
        Of("tokenize.tokenizer_failed", $"Failed to load tokenizer {name}: {detail}", new { name, detail });

    public static DatasetMessage DatasetDeleted { get; } = Of("tokenize.deleted", "The dataset was deleted");

    public static DatasetMessage NoFiles { get; } = Of("tokenize.no_files", "The dataset has no files; import it again");

    public static DatasetMessage NoTextColumn(string columns) => Of("tokenize.no_text_column", $"No text column to tokenize; the columns are {columns}", new { columns });

    public static DatasetMessage NoRows { get; } = Of("tokenize.no_rows", "The dataset has no rows");

    public static DatasetMessage Unsupported(string kind) => Of("job.unsupported", $"This host cannot run {kind} jobs", new { kind });

    public static DatasetMessage Failed(string kind, string detail) => Of("job.failed", $"The {kind} failed: {detail}", new { kind, detail });

    public static DatasetMessage Interrupted(string kind, int attempts) =>
        Of("job.interrupted", $"The {kind} was interrupted {attempts} times; giving up", new { kind, attempts });

    private static string Count(long value) => value.ToString("N0", Invariant);

    private static DatasetMessage Of(string key, string text, object? args = null) =>
        new(key, JsonSerializer.SerializeToElement(args ?? new { }, SpacesJson.Options), text);
}
