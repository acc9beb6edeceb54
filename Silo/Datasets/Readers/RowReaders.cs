using Spaces.Silo.Datasets.Readers.Parquet;

namespace Spaces.Silo.Datasets.Readers;

/// <summary>The reader for each format. <c>.json</c> on the Hub is either an array or JSON Lines: the first byte decides.</summary>
public sealed class RowReaders(ParquetRowReader parquet)
{
    public IRowReader For(string format, Stream content) => format switch
    {
        DatasetFormats.Parquet => parquet,
        DatasetFormats.JsonLines => new JsonLinesReader(),
        DatasetFormats.Json => StartsWithBracket(content) ? new JsonArrayReader() : new JsonLinesReader(),
        DatasetFormats.Csv => new CsvReader(),
        DatasetFormats.Text => new TextLinesReader(),
        _ => throw new DatasetFormatException($"Unsupported dataset file format '{format}'"),
    };

    /// <summary>Peeks past whitespace and a UTF-8 byte order mark without consuming anything.</summary>
    private static bool StartsWithBracket(Stream content)
    {
        var start = content.Position;
        try
        {
            int b;
            while ((b = content.ReadByte()) is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF)
            {
            }
            return b == '[';
        }
        finally
        {
            content.Position = start;
        }
    }
}
