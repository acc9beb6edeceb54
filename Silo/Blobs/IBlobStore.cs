namespace Spaces.Silo.Blobs;

/// <summary>Request files, dataset files and token shards. Names come from <see cref="BlobNames"/>, never from users.</summary>
public interface IBlobStore
{
    /// <summary>Writes the whole stream under <paramref name="name"/>, replacing any blob there; returns its length.</summary>
    Task<long> PutAsync(string name, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// The blob's content, or null if there is none. The stream is seekable: Parquet is read in place by ranged reads
    /// (the footer, then one row group at a time), as a file here and as an Azure blob's ranged read stream would be.
    /// </summary>
    Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken);

    Task DeleteAsync(string name, CancellationToken cancellationToken);

    Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>The names of the blobs under the folder <paramref name="prefix"/> (<c>""</c>: all of them), in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>True when the store answers; used by readiness checks.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
