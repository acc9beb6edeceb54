using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Spaces.Silo.Datasets.Readers;

/// <summary>A JSON array of objects, streamed element by element.</summary>
public sealed class JsonArrayReader : IRowReader
{
    public async IAsyncEnumerable<DatasetRow> ReadAsync(Stream content, long skip, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = 0;
        var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(content, cancellationToken: cancellationToken);
        await using var enumerator = elements.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (JsonException e)
            {
                throw new DatasetFormatException($"JSON: not an array of objects near element {index} ({e.Message})");
            }
            var row = JsonRows.FromObject(enumerator.Current, $"JSON: element {index++}");
            if (skip-- <= 0)
            {
                yield return row;
            }
        }
    }
}
