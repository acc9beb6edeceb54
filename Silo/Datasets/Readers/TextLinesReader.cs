using System.Runtime.CompilerServices;

namespace Spaces.Silo.Datasets.Readers;

/// <summary>Plain text as the <c>datasets</c> text builder reads it: every line is a row with one column, <c>text</c>.</summary>
public sealed class TextLinesReader : IRowReader
{
    private static readonly string[] Columns = ["text"];

    public async IAsyncEnumerable<DatasetRow> ReadAsync(Stream content, long skip, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (skip-- <= 0)
            {
                yield return new DatasetRow(Columns, [line]);
            }
        }
    }
}
