using System.Collections.Concurrent;
using System.Text.Json;
using Spaces.Tests.Infrastructure;
using ParquetCompression = ParquetSharp.Compression;

namespace Spaces.Tests.Parquet;

/// <summary>
/// Writes the fixture files once per test run, with three writers (ParquetSharp here, hyparquet-writer and parquetjs in
/// parquet-write.mjs), and caches hyparquet's dumps of them (parquet-dump.mjs).
/// </summary>
public sealed class ParquetFixtureFiles : IAsyncLifetime
{
    public const int LargeRows = 100_000;

    /// <summary>The ParquetSharp file per codec, as its name says: parquetsharp-nested-{codec}.parquet.</summary>
    public static readonly IReadOnlyDictionary<string, ParquetCompression> Codecs = new Dictionary<string, ParquetCompression>
    {
        ["zstd"] = ParquetCompression.Zstd,
        ["lz4"] = ParquetCompression.Lz4,
        ["brotli"] = ParquetCompression.Brotli,
        ["gzip"] = ParquetCompression.Gzip,
        ["snappy"] = ParquetCompression.Snappy,
        ["none"] = ParquetCompression.Uncompressed,
    };

    private readonly ConcurrentDictionary<string, Lazy<Task<ExpectedParquet>>> _dumps = new();

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"spaces-parquet-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        await ExternalProcess.RunNodeScriptAsync(
            "parquet-write.mjs", [Directory, "--large-rows", LargeRows.ToString()], "writing Parquet fixtures", TimeSpan.FromMinutes(5));
        foreach (var (name, codec) in Codecs)
        {
            ParquetSharpFiles.WriteNested(Path.Combine(Directory, $"parquetsharp-nested-{name}.parquet"), codec);
        }
        ParquetSharpFiles.WriteInt96(Path.Combine(Directory, "parquetsharp-int96.parquet"));
    }

    /// <summary>The fixture's path; fails with the writer's note when @dsnp/parquetjs could not write its files.</summary>
    public string PathOf(string name)
    {
        var path = Path.Combine(Directory, name);
        var note = Path.Combine(Directory, "parquetjs-unavailable.txt");
        if (!File.Exists(path) && File.Exists(note))
        {
            throw new InvalidOperationException($"Fixture {name} was not written: {File.ReadAllText(note)}");
        }
        return path;
    }

    /// <summary>What hyparquet reads from the file: every top-level column, nested ones assembled.</summary>
    public Task<ExpectedParquet> ExpectedAsync(string name) =>
        _dumps.GetOrAdd(name, _ => new Lazy<Task<ExpectedParquet>>(() => DumpAsync(name))).Value;

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<ExpectedParquet> DumpAsync(string name)
    {
        var json = await ExternalProcess.RunNodeScriptAsync("parquet-dump.mjs", [PathOf(name)], $"dumping {name} with hyparquet", TimeSpan.FromMinutes(2));
        return JsonSerializer.Deserialize<ExpectedParquet>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"hyparquet dump of {name} was empty");
    }
}

public sealed record ExpectedParquet(long NumRows, string[] Names, long[] RowGroups, ExpectedColumn[] Columns, JsonElement[][] Rows);

public sealed record ExpectedColumn(string Name, string Codec, string[] Encodings);

[CollectionDefinition(Name)]
public sealed class ParquetFixtureCollection : ICollectionFixture<ParquetFixtureFiles>
{
    public const string Name = "Parquet fixtures";
}
