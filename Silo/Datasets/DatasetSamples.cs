using Spaces.Grains.Abstractions.Datasets;
using Spaces.Silo.Blobs;
using Spaces.Silo.Datasets.Readers;

namespace Spaces.Silo.Datasets;

/// <summary>A page of a dataset's rows for previews.</summary>
public sealed record SamplePage(long Offset, int Limit, long Total, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

/// <summary>Reads a page of rows across the dataset's files, honouring each file's selected row range.</summary>
public sealed class DatasetSamples(IBlobStore blobs, RowReaders readers)
{
    public async Task<SamplePage> ReadAsync(DatasetView dataset, long offset, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>(limit);
        var skip = offset;
        foreach (var file in dataset.Files)
        {
            var selected = file.RowEnd - file.RowStart;
            if (skip >= selected)
            {
                skip -= selected;
                continue;
            }
            await foreach (var row in DatasetRows.ReadAsync(blobs, readers, file, file.RowStart + skip, cancellationToken))
            {
                rows.Add(row.ToDictionary());
                if (rows.Count == limit)
                {
                    return new SamplePage(offset, limit, dataset.NumSamples ?? 0, rows);
                }
            }
            skip = 0;
        }
        return new SamplePage(offset, limit, dataset.NumSamples ?? 0, rows);
    }
}
