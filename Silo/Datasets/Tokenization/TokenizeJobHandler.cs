using System.Runtime.InteropServices;
using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Datasets;
using Spaces.Silo.Blobs;
using Spaces.Silo.Datasets.Import;
using Spaces.Silo.Datasets.Readers;
using Spaces.Silo.Jobs;
using Spaces.Silo.Stores;
using Spaces.Tokenizers;

namespace Spaces.Silo.Datasets.Tokenization;

/// <summary>
/// Tokenizes a dataset's text column with the seed's progress sequence: 10 tokenizer, 20 dataset, 30 schema,
/// 40 → 75 in batches, 80 statistics, 95 saving, then completed with statistics. Windows of <c>max_length</c> with
/// <c>stride</c> overlap go to token shards; statistics count every sample's full length.
/// </summary>
public sealed class TokenizeJobHandler(TokenizerSource tokenizers, IDatasetQueries datasets, IBlobStore blobs, RowReaders readers) : IJobHandler
{
    private const int ReportEveryRows = 500;

    public string Kind => JobKinds.Tokenize;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var settings = context.Payload<TokenizeSettings>();
        await context.ReportAsync(10, "Loading tokenizer...", force: true);
        var tokenizer = await tokenizers.LoadAsync(settings.TokenizerName, cancellationToken);
        await context.ReportAsync(20, "Loading dataset...", force: true);
        var dataset = (await datasets.GetAsync(context.Job.DatasetId, cancellationToken))?.View
            ?? throw new JobFailedException("The dataset was deleted");
        await context.ReportAsync(30, "Analyzing dataset schema...", force: true);
        var column = await FindTextColumnAsync(dataset, cancellationToken);
        var total = dataset.NumSamples ?? 0;
        await context.ReportAsync(40, $"Tokenizing {total:N0} samples...", force: true);

        var prefix = BlobNames.DatasetPrefix(dataset.Id) + "tokens/";
        await blobs.DeletePrefixAsync(prefix, cancellationToken); // a run again starts from nothing: no stale shard survives
        var shards = new TokenShardWriter(blobs, prefix, tokenizer.VocabSize);
        var statistics = new TokenStatistics(tokenizer.VocabSize, settings.MaxLength);
        await using (var ticker = new ProgressTicker(context))
        {
            long done = 0;
            var ids = new List<int>();
            foreach (var file in dataset.Files)
            {
                await foreach (var row in DatasetRows.ReadAsync(blobs, readers, file, file.RowStart, cancellationToken))
                {
                    ids.Clear();
                    // The post-processor's BOS/EOS are counted, as a model sees them; special-token text in a sample stays text.
                    tokenizer.Encode((row[column] as string ?? "").AsSpan(), ids, allowSpecialTokens: false, addSpecialTokens: true);
                    var windows = TokenWindows.Plan(ids.Count, settings.MaxLength, settings.Stride);
                    if (AddWindows(shards, CollectionsMarshal.AsSpan(ids), windows))
                    {
                        await shards.FlushAsync(cancellationToken);
                    }
                    statistics.Add(CollectionsMarshal.AsSpan(ids), windows.Count);
                    if (++done % ReportEveryRows == 0)
                    {
                        ticker.Set(40 + (35.0 * done / Math.Max(total, done)), $"Tokenizing... {done:N0}/{total:N0} samples");
                    }
                }
            }
        }
        await context.ReportAsync(75, $"Tokenization complete ({total:N0} samples)", force: true);
        await context.ReportAsync(80, "Calculating statistics...", force: true);
        var report = JsonSerializer.SerializeToElement(statistics.Report(), SpacesJson.Options);
        await context.ReportAsync(95, "Saving results...", force: true);
        await shards.CompleteAsync(cancellationToken);
        await context.Dataset.CompleteTokenizationAsync(context.Job.Id, report, shards.Shards);
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
        var file = dataset.Files.FirstOrDefault() ?? throw new JobFailedException("The dataset has no files; import it again");
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
            throw new JobFailedException($"No text column to tokenize; the columns are {string.Join(", ", row.Columns)}");
        }
        throw new JobFailedException("The dataset has no rows");
    }
}
