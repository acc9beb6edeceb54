using Spaces.Silo.Blobs;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Storage;

public sealed class FileSystemBlobStoreTests : BlobStoreConformanceTests, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override Task<IBlobStore> StoreAsync() => Task.FromResult<IBlobStore>(new FileSystemBlobStore(_folder.Path));

    public void Dispose() => _folder.Dispose();
}
