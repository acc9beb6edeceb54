using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace Spaces.HuggingFace;

public sealed partial class HubClient
{
    private const int BufferSize = 81920;

    /// <summary>
    /// Streams <paramref name="file"/> (<c>resolve/{revision}/{path}</c>) into <paramref name="destination"/> with constant memory,
    /// reporting bytes written. A dropped or stalled connection resumes with <c>Range: bytes=N-</c>; a server that ignores
    /// the range (200) or answers another start makes the download restart from its first byte, which needs a seekable
    /// destination. Returns the number of bytes written.
    /// </summary>
    public Task<long> DownloadAsync(HubFile file, Stream destination, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default) =>
        TransferAsync(HubPaths.ResolveUrl(Endpoint, file), HubTarget.For(file), destination, progress, ct);

    /// <summary>Downloads one Parquet shard through the URL the conversion listing gave; same guarantees as above.</summary>
    public Task<long> DownloadAsync(ParquetShard shard, Stream destination, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var target = new HubTarget(RepoKind.Dataset, shard.RepoId, HubFile.ParquetRevision, $"{shard.Config}/{shard.Split}/{shard.Index}.parquet");
        return TransferAsync(shard.Url, target, destination, progress, ct);
    }

    /// <summary>Downloads into a file under <paramref name="folder"/> at the repo-relative path, creating folders; refuses unsafe paths.</summary>
    public async Task<string> DownloadToFolderAsync(HubFile file, string folder, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var localPath = HubPaths.CombineUnder(folder, file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(localPath) ?? folder);
        await using var output = new FileStream(localPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.Asynchronous);
        await DownloadAsync(file, output, progress, ct).ConfigureAwait(false);
        return localPath;
    }

    private async Task<long> TransferAsync(Uri url, HubTarget target, Stream destination, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The download destination must be writable.", nameof(destination));
        }

        var state = new TransferState(destination.CanSeek ? destination.Position : 0);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            for (var failures = 0; ;)
            {
                var before = state.Received;
                try
                {
                    await AttemptTransferAsync(url, target, destination, progress, state, buffer, ct).ConfigureAwait(false);
                    HubClientLog.Downloaded(_logger, state.Received, target.Describe());
                    return state.Received;
                }
                catch (HubTransientException e)
                {
                    // The budget counts attempts without progress, so a long download over a flaky link still finishes.
                    failures = state.Received > before ? 1 : failures + 1;
                    await _transport.BackOffOrThrowAsync(target, failures, e, ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task AttemptTransferAsync(
        Uri url, HubTarget target, Stream destination, IProgress<DownloadProgress>? progress, TransferState state, byte[] buffer, CancellationToken ct)
    {
        var resumeFrom = state.Received;
        if (resumeFrom > 0)
        {
            HubClientLog.Resuming(_logger, target.Describe(), resumeFrom);
        }

        using var response = await _transport.SendAsync(HttpMethod.Get, url, target, followCrossHost: true, request =>
        {
            AcceptIdentity(request);
            if (resumeFrom > 0)
            {
                request.Headers.Range = new RangeHeaderValue(resumeFrom, null);
                if (state.ETag is { } etag)
                {
                    // If the file changed since the first byte, the server sends it whole (200) and we restart.
                    request.Headers.IfRange = new RangeConditionHeaderValue(etag);
                }
            }
        }, ct).ConfigureAwait(false);

        var partial = response.StatusCode == HttpStatusCode.PartialContent;
        var rangeStart = response.Content.Headers.ContentRange?.From;
        if (partial && (resumeFrom == 0 || rangeStart != resumeFrom))
        {
            HubClientLog.RestartingDownload(_logger, target.Describe(), (int)response.StatusCode, rangeStart);
            Rewind(destination, state, progress, target);
            throw new HubTransientException($"the server sent a range starting at byte {rangeStart} instead of {resumeFrom}");
        }

        if (!partial)
        {
            if (resumeFrom > 0)
            {
                HubClientLog.RestartingDownload(_logger, target.Describe(), (int)response.StatusCode, null);
                Rewind(destination, state, progress, target);
            }

            state.ETag = response.Headers.ETag is { IsWeak: false } tag ? tag : null;
        }

        state.Total = partial ? response.Content.Headers.ContentRange?.Length : response.Content.Headers.ContentLength;
        await CopyBodyAsync(response, destination, progress, state, buffer, ct).ConfigureAwait(false);
        if (state.Total is { } total && state.Received != total)
        {
            throw new HubTransientException($"the body ended at byte {state.Received} of {total}");
        }
    }

    private async Task CopyBodyAsync(
        HttpResponseMessage response, Stream destination, IProgress<DownloadProgress>? progress, TransferState state, byte[] buffer, CancellationToken ct)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await using var body = await ReadNetworkAsync(() => response.Content.ReadAsStreamAsync(ct), state, ct).ConfigureAwait(false);
        while (true)
        {
            idle.CancelAfter(_options.ReadTimeout);
            var read = await ReadNetworkAsync(() => body.ReadAsync(buffer.AsMemory(0, BufferSize), idle.Token).AsTask(), state, ct)
                .ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            // Outside the network guard: destination failures (disk full) escape the retry loop unchanged.
            await destination.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            state.Received += read;
            progress?.Report(new DownloadProgress(state.Received, state.Total));
        }
    }

    /// <summary>Turns a dropped or stalled response body into a retryable failure.</summary>
    private async Task<T> ReadNetworkAsync<T>(Func<Task<T>> read, TransferState state, CancellationToken ct)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new HubTransientException($"no data for {_options.ReadTimeout.TotalSeconds:0.#} s after byte {state.Received}", e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
        {
            throw new HubTransientException($"the connection dropped after byte {state.Received}: {e.Message}", e);
        }
    }

    private static void Rewind(Stream destination, TransferState state, IProgress<DownloadProgress>? progress, HubTarget target)
    {
        if (state.Received == 0)
        {
            return;
        }

        if (!destination.CanSeek)
        {
            throw new HuggingFaceException(HuggingFaceErrorKind.TransferFailed,
                $"The download of {target.Describe()} must restart because the server did not resume it, but the destination cannot be rewound; "
                + "download into a seekable stream such as a file.");
        }

        destination.SetLength(state.Origin);
        destination.Position = state.Origin;
        state.Received = 0;
        progress?.Report(new DownloadProgress(0, state.Total));
    }

    /// <summary>Where the download stands across attempts.</summary>
    private sealed class TransferState(long origin)
    {
        public long Origin { get; } = origin;

        public long Received { get; set; }

        public long? Total { get; set; }

        public EntityTagHeaderValue? ETag { get; set; }
    }
}
