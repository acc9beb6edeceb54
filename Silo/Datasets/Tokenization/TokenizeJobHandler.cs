using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Datasets;
using Spaces.Silo.Blobs;
using Spaces.Silo.Datasets.Readers;
using Spaces.Silo.Jobs;
using Spaces.Silo.Stores;
using Spaces.Tokenizers;

namespace Spaces.Silo.Datasets.Tokenization;

/// <summary>
/// Tokenizes a dataset's text column with the seed's progress sequence: 10 tokenizer, 20 dataset, 30 schema,
/// 40 → 75 in batches, 80 statistics, 95 saving, then completed with statistics. Windows of <c>max_length</c> with
/// <c>stride</c> overlap go to token shards; statistics count every sample's full length.
/// Each shard stored whole is a checkpoint: the running statistics are saved beside it, then the grain records the
/// shard count and the next row. A run restarted after its host died starts from that row, keeps the shards before it,
/// and loads the statistics saved with them, so nothing before the checkpoint is tokenized twice and the counts stay exact.
/// </summary>
public sealed partial class TokenizeJobHandler(
    TokenizerSource tokenizers,
    IDatasetQueries datasets,
    IBlobStore blobs,
    RowReaders readers,
    IOptions<TokenizationOptions> options,
    ILogger<TokenizeJobHandler> logger) : IJobHandler
{
    private const int ReportEveryRows = 500;

    public string Kind => JobKinds.Tokenize;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var settings = context.Payload<TokenizeSettings>();
        var checkpoint = await context.Dataset.GetShardCheckpointAsync();
        var fresh = checkpoint is null;
        await StepAsync(fresh, context, 10, DatasetMessages.LoadingTokenizer);
        var tokenizer = await tokenizers.LoadAsync(settings.TokenizerName, cancellationToken);
        await StepAsync(fresh, context, 20, DatasetMessages.LoadingDataset);
        var dataset = (await datasets.GetAsync(context.Job.DatasetId, cancellationToken))?.View
            ?? throw new JobFailedException(DatasetMessages.DatasetDeleted);
        await StepAsync(fresh, context, 30, DatasetMessages.Analyzing);
        var column = await FindTextColumnAsync(dataset, cancellationToken);
        var total = dataset.NumSamples ?? 0;
        var prefix = BlobNames.DatasetPrefix(dataset.Id) + "tokens/";
        var saved = BlobNames.DatasetPrefix(dataset.Id) + "tokenize-checkpoints/";

        var (statistics, resumed) = checkpoint is { } at ? (await LoadStatisticsAsync(at, tokenizer.VocabSize, settings.MaxLength, cancellationToken), at) : (null, null);
        if (statistics is null || resumed is null)
        {
            await context.ReportAsync(40, DatasetMessages.TokenizingTotal(total));
            // A run from the start keeps nothing: no stale shard or saved statistics of an earlier tokenization survive.
            await blobs.DeletePrefixAsync(prefix, cancellationToken);
            await blobs.DeletePrefixAsync(saved, cancellationToken);
            statistics = new TokenStatistics(tokenizer.VocabSize, settings.MaxLength);
            resumed = new TokenizeCheckpoint(0, 0, dataset.Files.FirstOrDefault()?.RowStart ?? 0, 0, "");
        }
        else
        {
            Log.Resuming(logger, dataset.Id, resumed.Shards, resumed.Samples);
            await context.ReportAsync(Tokenizing(resumed.Samples, total), DatasetMessages.Resuming(resumed.Samples, total));
        }

        var shards = new TokenShardWriter(blobs, prefix, tokenizer.VocabSize, options.Value.TokensPerShard, resumed.Shards);
        var done = resumed.Samples;
        var ids = new List<int>();
        for (var f = resumed.File; f < dataset.Files.Count; f++)
        {
            var file = dataset.Files[f];
            var row = f == resumed.File ? resumed.Row : file.RowStart;
            await foreach (var sample in DatasetRows.ReadAsync(blobs, readers, file, row, cancellationToken))
            {
                ids.Clear();
                // The post-processor's BOS/EOS are counted, as a model sees them; special-token text in a sample stays text.
                tokenizer.Encode((sample[column] as string ?? "").AsSpan(), ids, allowSpecialTokens: false, addSpecialTokens: true);
                var windows = TokenWindows.Plan(ids.Count, settings.MaxLength, settings.Stride);
                var full = AddWindows(shards, CollectionsMarshal.AsSpan(ids), windows);
                statistics.Add(CollectionsMarshal.AsSpan(ids), windows.Count);
                (row, done) = (row + 1, done + 1);
                if (full)
                {
                    await shards.FlushAsync(cancellationToken);
                    await CheckpointAsync(context, statistics, new TokenizeCheckpoint(shards.Shards.Count, f, row, done, $"{saved}{shards.Shards.Count:D5}.json"), cancellationToken);
                }
                if (done % ReportEveryRows == 0)
                {
                    context.Tick(Tokenizing(done, total), DatasetMessages.TokenizingRows(done, total));
                }
            }
        }
        await context.ReportAsync(75, DatasetMessages.TokenizedRows(total));
        await context.ReportAsync(80, DatasetMessages.Statistics);
        var report = JsonSerializer.SerializeToElement(statistics.Report(), SpacesJson.Options);
        await context.ReportAsync(95, DatasetMessages.SavingResults);
        await shards.CompleteAsync(cancellationToken);
        await context.Dataset.CompleteTokenizationAsync(context.Job.Id, report, shards.Shards);
        await blobs.DeletePrefixAsync(saved, cancellationToken);
    }

    private static double Tokenizing(long done, long total) => 40 + (35.0 * done / Math.Max(total, done));

    /// <summary>The seed's steps before tokenizing; a resumed run does them quietly, its watchers already saw them.</summary>
    private static Task StepAsync(bool fresh, JobContext context, double progress, DatasetMessage message) =>
        fresh ? context.ReportAsync(progress, message) : Task.CompletedTask;

    /// <summary>The statistics are saved before the grain records the shard: a checkpoint never names what is not stored.</summary>
    private async Task CheckpointAsync(JobContext context, TokenStatistics statistics, TokenizeCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        using (var content = new MemoryStream(statistics.Save()))
        {
            await blobs.PutAsync(checkpoint.StatisticsBlob, content, cancellationToken);
        }
        await context.Dataset.CheckpointShardAsync(context.Job.Id, checkpoint);
        Log.ShardStored(logger, context.Job.DatasetId, checkpoint.Shards - 1, checkpoint.Samples);
    }

    /// <summary>The statistics saved with the checkpoint; null (start over) when they are gone.</summary>
    private async Task<TokenStatistics?> LoadStatisticsAsync(TokenizeCheckpoint checkpoint, int vocabularySize, int maxLength, CancellationToken cancellationToken)
    {
        await using var content = await blobs.OpenReadAsync(checkpoint.StatisticsBlob, cancellationToken);
        if (content is null)
        {
            return null;
        }
        using var bytes = new MemoryStream();
        await content.CopyToAsync(bytes, cancellationToken);
        return TokenStatistics.Load(bytes.ToArray(), vocabularySize, maxLength);
    }

    /// <summary>Writes each window's tokens straight from the encoding, without a copy; true when a shard is full.</summary>
    private static bool AddWindows(TokenShardWriter shards, ReadOnlySpan<int> ids, IReadOnlyList<TokenWindow> windows)
    {
        var full = false;
        foreach (var window in windows)
        {
            full |= shards.Add(ids.Slice(window.Start, window.Length));
        }
        return full;
    }

    /// <summary>The column to tokenize: <c>text</c> when there is one, else the first column holding a string.</summary>
    private async Task<string> FindTextColumnAsync(DatasetView dataset, CancellationToken cancellationToken)
    {
        var file = dataset.Files.FirstOrDefault() ?? throw new JobFailedException(DatasetMessages.NoFiles);
        await foreach (var row in DatasetRows.ReadAsync(blobs, readers, file, file.RowStart, cancellationToken))
        {
            if (row.IndexOf("text") >= 0)
            {
                return "text";
            }
            for (var i = 0; i < row.Columns.Count; i++)
            {
                if (row.Values[i] is string)
                {
                    return row.Columns[i];
                }
            }
            throw new JobFailedException(DatasetMessages.NoTextColumn(string.Join(", ", row.Columns)));
        }
        throw new JobFailedException(DatasetMessages.NoRows);
    }

    private static partial class Log
    {
        [LoggerMessage(4101, LogLevel.Information, "Tokenization of dataset {DatasetId}: shard {Shard} stored, {Samples} samples done")]
        public static partial void ShardStored(ILogger logger, string datasetId, int shard, long samples);

        [LoggerMessage(4102, LogLevel.Information, "Tokenization of dataset {DatasetId} resumes after {Shards} stored shards, {Samples} samples done")]
        public static partial void Resuming(ILogger logger, string datasetId, int shards, long samples);
    }
}
