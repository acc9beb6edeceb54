namespace Spaces.Bench.ImportMemory;

/// <summary>A dataset file the benchmark's fake Hub serves as a repo's only data file.</summary>
public interface IBenchFile
{
    /// <summary>The file's name in the repo; its extension tells the import the format.</summary>
    string FileName { get; }

    /// <summary>What the report says the file is.</summary>
    string Description { get; }

    long Rows { get; }

    long Length { get; }

    /// <summary>Changes with the content, as the Hub's etag does; a resumed download sends it back in If-Range.</summary>
    string ETag { get; }

    /// <summary>Writes bytes <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    Task WriteAsync(Stream destination, long from, long to, CancellationToken cancellationToken);
}
