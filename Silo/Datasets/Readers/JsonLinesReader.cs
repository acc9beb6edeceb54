using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Spaces.Silo.Datasets.Readers;

/// <summary>One JSON object per line; blank lines are skipped, anything else that is not an object is an error naming its line.</summary>
public sealed class JsonLinesReader : IRowReader
{
    public async IAsyncEnumerable<DatasetRow> ReadAsync(Stream content, long skip, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, leaveOpen: true);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || skip-- > 0)
            {
                continue;
            }
            JsonElement element;
            try
            {
                element = JsonSerializer.Deserialize<JsonElement>(line);
            }
            catch (JsonException e)
            {
                throw new DatasetFormatException($"JSON Lines: line {lineNumber} is not valid JSON ({e.Message})");
            }
            yield return JsonRows.FromObject(element, $"JSON Lines: line {lineNumber}");
        }
    }
}
