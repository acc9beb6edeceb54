using System.IO.Pipelines;
using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Datasets;
using Spaces.HuggingFace;
using Spaces.HuggingFace.Splits;
using Spaces.Silo.Blobs;
using Spaces.Silo.Datasets.Readers;
using Spaces.Silo.Datasets.Readers.Parquet;
using Spaces.Silo.Jobs;

namespace Spaces.Silo.Datasets.Import;

/// <summary>
/// Imports a dataset: find the split's files on the Hub, stream each into the blob store (10 → 70%), count rows
/// (70 → 90%), resolve the split spec to row ranges, and complete with counts and statistics. Blob names depend only on
/// the dataset and the file's position, so a job that runs again after a crash overwrites its own partial output; each
/// file stored whole is checkpointed in the dataset's grain, and a run after a crash starts with the next one.
/// </summary>
public sealed class ImportJobHandler(HubClient hub, SourceFinder finder, IBlobStore blobs, RowReaders readers) : IJobHandler
{
    public string Kind => JobKinds.Import;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var import = context.Payload<DatasetImport>();
        var spec = SplitSpecs.Parse(import.Split);
        await context.ReportAsync(10, DatasetMessages.Downloading);
        IReadOnlyList<SourceFile> sources;
        try
        {
            await hub.GetDatasetInfoAsync(import.RepoId, import.Revision, cancellationToken);
            sources = await finder.FindAsync(import, spec, cancellationToken);
        }
        catch (HuggingFaceException e)
        {
            throw new JobFailedException(DatasetMessages.DownloadFailed(e.Message), e);
        }
        var stored = await DownloadAllAsync(context, sources, cancellationToken);
        await context.ReportAsync(70, DatasetMessages.Saving);
        var rowsPerFile = new List<long>();
        foreach (var file in stored)
        {
            rowsPerFile.Add(await CountRowsAsync(file, cancellationToken));
        }
        await context.ReportAsync(90, DatasetMessages.Processing);
        var rowsPerSplit = sources.Select((s, i) => (s.Split, Rows: rowsPerFile[i]))
            .GroupBy(x => x.Split, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Rows), StringComparer.Ordinal);
        var selected = Select(spec, sources, stored, rowsPerFile, rowsPerSplit);
        var numSamples = selected.Sum(f => f.RowEnd - f.RowStart);
        if (numSamples == 0)
        {
            throw new JobFailedException(DatasetMessages.NoRowsSelected($"{spec}", Describe(rowsPerSplit)));
        }
        var statistics = JsonSerializer.SerializeToElement(
            new
            {
                Splits = rowsPerSplit,
                SelectedRows = numSamples,
                Columns = await ColumnsAsync(selected[0], cancellationToken),
                Formats = selected.Select(f => f.Format).Distinct().ToArray(),
            },
            SpacesJson.Options);
        await context.Dataset.CompleteImportAsync(context.Job.Id, selected, numSamples, stored.Sum(f => f.SizeBytes), statistics);
    }

    private async Task<List<DatasetFile>> DownloadAllAsync(JobContext context, IReadOnlyList<SourceFile> sources, CancellationToken cancellationToken)
    {
        var stored = new List<DatasetFile>();
        var finished = await context.Dataset.GetCheckpointAsync();
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var blob = BlobNames.Join("datasets", context.Job.DatasetId, "files", $"{i:D4}.{source.Format}");
            if (i < finished.Count && finished[i].Path == source.Path && finished[i].BlobName == blob)
            {
                // Stored whole by an earlier run of this job (its host died after): not downloaded again.
                stored.Add(finished[i]);
                continue;
            }
            var done = i;
            var progress = new Progress(p =>
            {
                var fraction = p.TotalBytes is > 0 ? Math.Min(1, (double)p.BytesReceived / p.TotalBytes.Value) : 0;
                context.Tick(10 + (60 * (done + fraction) / sources.Count), DatasetMessages.DownloadingFile(p.BytesReceived, done + 1, sources.Count));
            });
            var size = await DownloadAsync(source, blob, progress, cancellationToken);
            var file = new DatasetFile(source.Path, source.Format, size, blob, 0, 0);
            await context.Dataset.CheckpointAsync(context.Job.Id, file);
            stored.Add(file);
        }
        return stored;
    }

    private async Task<long> DownloadAsync(SourceFile source, string blob, IProgress<DownloadProgress> progress, CancellationToken cancellationToken)
    {
        try
        {
            return await StreamIntoBlobAsync(source, blob, progress, cancellationToken);
        }
        catch (HuggingFaceException e)
        {
            // The Hub's error reaches us through either end of the pipe; either way it reads as the listing stage's does.
            throw new JobFailedException(DatasetMessages.DownloadFailed(e.Message), e);
        }
    }

    /// <summary>Streams the download straight into the blob store through a pipe: memory stays constant whatever the file size.</summary>
    private async Task<long> StreamIntoBlobAsync(
        SourceFile source, string blob, IProgress<DownloadProgress> progress, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        var downloading = Task.Run(
            async () =>
            {
                try
                {
                    await using var destination = pipe.Writer.AsStream(leaveOpen: true);
                    var bytes = source.Shard is { } shard
                        ? await hub.DownloadAsync(shard, destination, progress, cancellationToken)
                        : await hub.DownloadAsync(source.File!, destination, progress, cancellationToken);
                    await pipe.Writer.CompleteAsync();
                    return bytes;
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e);
                    throw;
                }
            },
            cancellationToken);
        try
        {
            await using var content = pipe.Reader.AsStream();
            await blobs.PutAsync(blob, content, cancellationToken);
        }
        catch (Exception e)
        {
            await pipe.Reader.CompleteAsync(e);
            await Task.WhenAny(downloading); // the writer now fails fast; its own error is the one worth reporting
            if (downloading.IsFaulted)
            {
                await downloading;
            }
            throw;
        }
        return await downloading;
    }

    private async Task<long> CountRowsAsync(DatasetFile file, CancellationToken cancellationToken)
    {
        try
        {
            if (file.Format == DatasetFormats.Parquet)
            {
                await using var content = await blobs.OpenReadAsync(file.BlobName, cancellationToken)
                    ?? throw new JobFailedException(DatasetMessages.FileMissing(file.Path));
                return ParquetRowReader.CountRows(content);
            }
            long rows = 0;
            await foreach (var _ in DatasetRows.ReadAsync(blobs, readers, file with { RowEnd = long.MaxValue }, 0, cancellationToken))
            {
                rows++;
            }
            return rows;
        }
        catch (DatasetFormatException e)
        {
            throw new JobFailedException(DatasetMessages.Unreadable(file.Path, e.Message), e);
        }
    }

    private static List<DatasetFile> Select(
        SplitSpec spec, IReadOnlyList<SourceFile> sources, List<DatasetFile> stored, List<long> rowsPerFile, Dictionary<string, long> rowsPerSplit)
    {
        IReadOnlyList<SplitRange> ranges;
        try
        {
            ranges = spec.Resolve(rowsPerSplit);
        }
        catch (SplitSpecException e)
        {
            throw new JobFailedException(DatasetMessages.InvalidSplit(e.Message), e);
        }
        var selected = new List<DatasetFile>();
        foreach (var range in ranges)
        {
            long offset = 0; // where the current file starts within its split
            for (var i = 0; i < sources.Count; i++)
            {
                if (sources[i].Split != range.Split)
                {
                    continue;
                }
                var (start, end) = (Math.Max(range.Start, offset), Math.Min(range.End, offset + rowsPerFile[i]));
                if (start < end)
                {
                    selected.Add(stored[i] with { RowStart = start - offset, RowEnd = end - offset });
                }
                offset += rowsPerFile[i];
            }
        }
        return selected;
    }

    /// <summary>The columns of the first selected row; decoding it also proves the file's pages can be read.</summary>
    private async Task<string[]> ColumnsAsync(DatasetFile file, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var row in DatasetRows.ReadAsync(blobs, readers, file, file.RowStart, cancellationToken))
            {
                return [.. row.Columns];
            }
            return [];
        }
        catch (DatasetFormatException e)
        {
            throw new JobFailedException(DatasetMessages.Unreadable(file.Path, e.Message), e);
        }
    }

    private static string Describe(Dictionary<string, long> rowsPerSplit) =>
        string.Join(", ", rowsPerSplit.Select(p => $"{p.Key} has {p.Value} rows"));

    private sealed class Progress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
