using Spaces.Tests.Infrastructure;
using Spaces.Tests.Infrastructure.FakeHub;
using Spaces.Tests.Parquet;
using ParquetCompression = ParquetSharp.Compression;

namespace Spaces.Tests.Datasets;

/// <summary>The host and a fake Hub serving a nested ZSTD Parquet conversion and two unreadable Parquet files.</summary>
public sealed class ParquetImportFixture : IAsyncLifetime
{
    public const string Nested = "acme/nested-parquet";
    public const string CorruptPages = "acme/corrupt-pages";
    public const string NotParquet = "acme/not-parquet";

    private readonly TempFolder _files = new();
    private FakeHubServer? _hub;
    private SpacesHost? _host;

    public SpacesHost Host => _host ?? throw new InvalidOperationException("The host has not started");

    public async Task InitializeAsync()
    {
        _hub = await FakeHubServer.StartAsync();
        var nested = Path.Combine(_files.Path, "nested.parquet");
        ParquetSharpFiles.WriteNested(nested, ParquetCompression.Zstd);
        var bytes = await File.ReadAllBytesAsync(nested);
        _hub.AddDatasetFile(Nested, "README.md", "# Nested\n"u8.ToArray());
        _hub.AddParquetConversion(Nested, "default", "train", bytes);
        var corrupt = bytes.ToArray();
        corrupt.AsSpan(4, 64).Fill(0xEE); // the first page: the footer still counts the rows
        _hub.AddDatasetFile(CorruptPages, "train.parquet", corrupt);
        _hub.AddDatasetFile(NotParquet, "train.parquet", "id,text\n1,a csv file named .parquet\n"u8.ToArray());
        _host = await SpacesHost.StartAsync(new Dictionary<string, string?> { ["Spaces:HuggingFace:Endpoint"] = _hub.BaseUrl.ToString() });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
        _files.Dispose();
    }
}
