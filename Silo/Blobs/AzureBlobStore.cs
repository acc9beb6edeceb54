using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace Spaces.Silo.Blobs;

/// <summary>
/// Blobs in one Azure Blob container. Puts stream in blocks (the SDK holds one block at a time, never the whole file) and
/// a blob appears only once all its blocks are committed, so a reader never sees half a blob. Reads are seekable streams
/// that fetch ranges as they are read (HTTP range requests and Parquet footers need both).
/// </summary>
public sealed partial class AzureBlobStore(BlobContainerClient container, ILogger<AzureBlobStore> logger) : IBlobStore
{
    private const int BlockBytes = 4 * 1024 * 1024;


    private volatile bool _containerExists;

    public async Task<long> PutAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        var blob = BlobOf(name);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var counted = new CountingReadStream(content);
        // Blocks of 4 MiB, two in flight: at most ~8 MiB of a file is in memory, whatever its size.
        var upload = new BlobUploadOptions
        {
            TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockBytes, MaximumTransferSize = BlockBytes, MaximumConcurrency = 2 },
        };
        await blob.UploadAsync(counted, upload, cancellationToken).ConfigureAwait(false);
        return counted.BytesRead;
    }

    public async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        var blob = BlobOf(name);
        try
        {
            // allowModifications: false pins the blob's ETag, so a concurrent overwrite fails the read instead of mixing versions.
            return await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = BlockBytes }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var blob = BlobOf(name);
        try
        {
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container yet: nothing to delete.
        }
    }

    /// <summary>Deletes every blob under the folder <paramref name="prefix"/> ("requests/x/" never matches "requests/xy/...").</summary>
    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var folder = prefix.TrimEnd('/');
        if (!BlobNames.IsSafe(folder))
        {
            throw new ArgumentException($"Unsafe blob prefix '{prefix}'", nameof(prefix));
        }
        try
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = folder + "/" }, cancellationToken).ConfigureAwait(false))
            {
                await container.DeleteBlobIfExistsAsync(item.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container yet: nothing to delete.
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = prefix.TrimEnd('/');
        if (folder.Length > 0 && !BlobNames.IsSafe(folder))
        {
            throw new ArgumentException($"Unsafe blob prefix '{prefix}'", nameof(prefix));
        }
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }
        // The service lists in ordinal (UTF-8 byte) order, as the contract asks.
        var options = new GetBlobsOptions { Prefix = folder.Length == 0 ? null : folder + "/" };
        await foreach (var item in container.GetBlobsAsync(options, cancellationToken).ConfigureAwait(false))
        {
            yield return item.Name;
        }
    }

    /// <summary>True when the container exists or could be created: the account answers and lets this host write.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            _containerExists = false;
            await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e)
        {
            Log.PingFailed(logger, container.Name, e.Status, e);
            return false;
        }
    }

    private BlobClient BlobOf(string name) =>
        BlobNames.IsSafe(name) ? container.GetBlobClient(name) : throw new ArgumentException($"Unsafe blob name '{name}'", nameof(name));

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_containerExists)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _containerExists = true;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Blob container {Container} did not answer (status {Status})")]
        public static partial void PingFailed(ILogger logger, string container, int status, Exception exception);
    }
}
