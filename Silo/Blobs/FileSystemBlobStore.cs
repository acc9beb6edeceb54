namespace Spaces.Silo.Blobs;

/// <summary>Blobs as files under one folder. Writes go to a temporary file first, so a reader never sees half a blob.</summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private readonly string _root;

    public FileSystemBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public async Task<long> PutAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            return new FileInfo(path).Length;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        Stream? stream = File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(name));
        return Task.CompletedTask;
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var folder = PathOf(prefix.TrimEnd('/'));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var folder = prefix.Length == 0 ? _root : PathOf(prefix.TrimEnd('/'));
        // A blob being written is a temporary file until it is whole: not a blob yet.
        var names = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        return names.ToAsyncEnumerable();
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(Directory.Exists(_root));

    private string PathOf(string name)
    {
        if (!BlobNames.IsSafe(name))
        {
            throw new ArgumentException($"Unsafe blob name '{name}'", nameof(name));
        }
        var path = Path.GetFullPath(Path.Combine(_root, name));
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"Blob name '{name}' leaves the store", nameof(name));
    }
}
