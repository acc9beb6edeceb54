using Microsoft.Extensions.Logging.Abstractions;
using Spaces.Silo.Blobs;
using Spaces.Silo.Storage.Azure;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : BlobStoreConformanceTests
{
    protected override Task<IBlobStore> StoreAsync()
    {
        var container = AzureStorageAccount.Parse(azurite.ConnectionString).CreateBlobServiceClient().GetBlobContainerClient("conformance");
        return Task.FromResult<IBlobStore>(new AzureBlobStore(container, NullLogger<AzureBlobStore>.Instance));
    }
}
