using System.Runtime.CompilerServices;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Silo.Blobs;
using Spaces.Silo.Datasets.Readers;

namespace Spaces.Silo.Datasets;

/// <summary>The selected rows of one imported file, from <paramref name="from"/> up to the end of its selection.</summary>
public static class DatasetRows
{
    public static async IAsyncEnumerable<DatasetRow> ReadAsync(
        IBlobStore blobs, RowReaders readers, DatasetFile file, long from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var content = await blobs.OpenReadAsync(file.BlobName, cancellationToken).ConfigureAwait(false)
            ?? throw new DatasetFormatException($"The imported file {file.Path} is missing from storage; import the dataset again");
        var remaining = file.RowEnd - from;
        await foreach (var row in readers.For(file.Format, content).ReadAsync(content, from, cancellationToken).ConfigureAwait(false))
        {
            if (remaining-- <= 0)
            {
                yield break;
            }
            yield return row;
        }
    }
}
