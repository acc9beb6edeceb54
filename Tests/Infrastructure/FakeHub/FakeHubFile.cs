using System.Security.Cryptography;
using System.Text;

namespace Spaces.Tests.Infrastructure.FakeHub;

/// <summary>
/// A file the fake Hub serves, in memory or on disk. <see cref="GitOid"/> is the real git blob sha1 and
/// <see cref="Sha256"/> the LFS oid, as the Hub reports them. LFS files are served through the fake CDN.
/// </summary>
public sealed class FakeHubFile
{
    private readonly Func<Stream> _open;

    private FakeHubFile(Func<Stream> open, long length, bool lfs)
    {
        _open = open;
        Length = length;
        IsLfs = lfs;
        using (var content = open())
        {
            using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha1.AppendData(Encoding.ASCII.GetBytes($"blob {length}\0"));
            var buffer = new byte[81920];
            int read;
            while ((read = content.Read(buffer)) > 0)
            {
                sha1.AppendData(buffer, 0, read);
                sha256.AppendData(buffer, 0, read);
            }

            GitOid = Convert.ToHexStringLower(sha1.GetHashAndReset());
            Sha256 = Convert.ToHexStringLower(sha256.GetHashAndReset());
        }
    }

    public long Length { get; }

    /// <summary>When set, the body is sent no faster than this, so a download takes long enough to watch (and to interrupt).</summary>
    public long? BytesPerSecond { get; init; }

    public bool IsLfs { get; }

    public string GitOid { get; }

    public string Sha256 { get; }

    /// <summary>The etag the Hub reports for the content: sha256 for LFS files, git sha1 otherwise.</summary>
    public string ETag => IsLfs ? Sha256 : GitOid;

    public static FakeHubFile FromBytes(byte[] bytes, bool lfs, long? bytesPerSecond = null) =>
        new(() => new MemoryStream(bytes, writable: false), bytes.Length, lfs) { BytesPerSecond = bytesPerSecond };

    public static FakeHubFile FromDisk(string path, bool lfs) =>
        new(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous), new FileInfo(path).Length, lfs);

    public Stream OpenRead() => _open();
}
