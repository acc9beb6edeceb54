using System.Runtime.CompilerServices;
using System.Text;

namespace Spaces.Silo.Datasets.Readers;

/// <summary>
/// RFC 4180 CSV with a header row: quoted fields may hold commas, doubled quotes and line breaks. Values stay strings,
/// as the header gives no types; an empty field is an empty string. A row with the wrong field count is an error naming it.
/// </summary>
public sealed class CsvReader : IRowReader
{
    public async IAsyncEnumerable<DatasetRow> ReadAsync(Stream content, long skip, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, leaveOpen: true);
        var records = new CsvRecords(reader);
        var header = await records.NextAsync(cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            yield break;
        }
        var columns = header.Select(h => h.Trim()).ToArray();
        var number = 1;
        while (await records.NextAsync(cancellationToken).ConfigureAwait(false) is { } fields)
        {
            number++;
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue; // a blank line
            }
            if (fields.Count != columns.Length)
            {
                throw new DatasetFormatException($"CSV: record {number} has {fields.Count} fields, the header has {columns.Length}");
            }
            if (skip-- <= 0)
            {
                yield return new DatasetRow(columns, [.. fields]);
            }
        }
    }

    /// <summary>Splits the character stream into records of fields.</summary>
    private sealed class CsvRecords(StreamReader reader)
    {
        private readonly char[] _buffer = new char[16 * 1024];
        private int _length;
        private int _position;

        public async Task<List<string>?> NextAsync(CancellationToken cancellationToken)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var any = false;
            while (true)
            {
                if (_position == _length)
                {
                    _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                    _position = 0;
                    if (_length == 0)
                    {
                        if (quoted)
                        {
                            throw new DatasetFormatException("CSV: the file ends inside a quoted field");
                        }
                        if (!any)
                        {
                            return null;
                        }
                        fields.Add(field.ToString());
                        return fields;
                    }
                }
                var c = _buffer[_position++];
                any = true;
                if (quoted)
                {
                    if (c != '"')
                    {
                        field.Append(c);
                    }
                    else if (await PeekAsync(cancellationToken).ConfigureAwait(false) == '"')
                    {
                        _position++;
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                    continue;
                }
                switch (c)
                {
                    case '"' when field.Length == 0:
                        quoted = true;
                        break;
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        break;
                    case '\r':
                        break;
                    case '\n':
                        fields.Add(field.ToString());
                        return fields;
                    default:
                        field.Append(c);
                        break;
                }
            }
        }

        private async Task<int> PeekAsync(CancellationToken cancellationToken)
        {
            if (_position == _length)
            {
                _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                _position = 0;
            }
            return _position < _length ? _buffer[_position] : -1;
        }
    }
}
