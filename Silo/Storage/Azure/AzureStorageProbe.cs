using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Spaces.Silo.Storage.Azure;

/// <summary>
/// Azure Table and Blob each answer one small request: the first page (of one) of a table listing, and whether the
/// blob container exists. Neither reads grain data, so a probe costs the account next to nothing.
/// </summary>
public sealed class AzureStorageProbe(TableServiceClient tables, BlobContainerClient container) : IStorageProbe
{
    public string Describe => $"Azure Table at {tables.Uri.GetLeftPart(UriPartial.Authority)} and Blob at {container.Uri.GetLeftPart(UriPartial.Authority)}";

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1).ConfigureAwait(false))
        {
            break;
        }
        await container.ExistsAsync(cancellationToken).ConfigureAwait(false);
    }
}
