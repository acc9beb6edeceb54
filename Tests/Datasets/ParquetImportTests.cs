using System.Text.Json;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Parquet;

namespace Spaces.Tests.Datasets;

/// <summary>Parquet imports from the fake Hub: a nested ZSTD file to <c>ready</c> with JSON values in the samples, bad files to <c>error</c>.</summary>
public sealed class ParquetImportTests(ParquetImportFixture fixture) : IClassFixture<ParquetImportFixture>
{
    [Fact]
    public async Task Import_NestedZstdParquet_ReadyWithNestedValuesInTheSamples()
    {
        using var user = await ApiClient.NewUserAsync(fixture.Host);
        var started = await user.ImportDatasetAsync(ParquetImportFixture.Nested, "train[3:10]");

        var ready = await user.SettledDatasetAsync(started.Id, "the nested Parquet import");

        Assert.True(ready.Status == DatasetStatuses.Ready, ready.Error);
        Assert.Equal(7L, ready.NumSamples);
        var statistics = ready.Statistics!.Value;
        Assert.Equal(ParquetSharpFiles.Rows, statistics.GetProperty("splits").GetProperty("train").GetInt64());
        Assert.Equal(["id", "name", "tag", "kind", "score", "price", "at", "day", "big", "clock", "half", "tags", "point", "attrs", "grid"],
            statistics.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var samples = JsonSerializer.Deserialize<JsonElement>(await user.Http.GetStringAsync($"/api/datasets/{started.Id}/samples?offset=0&limit=3"));
        var rows = samples.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        var (row3, row5) = (rows[0], rows[2]);
        Assert.Equal("""["w3.0",null,"w3.2"]""", row3.GetProperty("tags").GetRawText());
        Assert.Equal("""{"x":0.75,"y":-3,"label":"p3"}""", row3.GetProperty("point").GetRawText());
        Assert.Equal("""{"key0":50,"key1":51}""", row5.GetProperty("attrs").GetRawText());
        Assert.Equal("[[5],[6,7]]", row5.GetProperty("grid").GetRawText());
        Assert.Equal("-12345678901.2366", row3.GetProperty("price").GetString());
        Assert.Equal("1970-01-01T01:30:00.000003Z", row3.GetProperty("at").GetString());
        Assert.Equal("2000-03-02", row3.GetProperty("day").GetString());
    }

    [Theory]
    [InlineData(ParquetImportFixture.CorruptPages, "Cannot read train.parquet: Parquet: IOError: Couldn't deserialize thrift")]
    [InlineData(ParquetImportFixture.NotParquet, "Cannot read train.parquet: Parquet: Invalid: Parquet magic bytes not found in footer")]
    public async Task Import_UnreadableParquet_ErrorEventNamesTheCause(string repo, string cause)
    {
        using var user = await ApiClient.NewUserAsync(fixture.Host);
        var started = await user.ImportDatasetAsync(repo, "train");

        var failed = await user.SettledDatasetAsync(started.Id, $"the import of {repo} to fail");

        Assert.Equal(DatasetStatuses.Error, failed.Status);
        Assert.StartsWith(cause, failed.Error, StringComparison.Ordinal);
        var events = await JsFollower.FollowAsync(user, Channels.DatasetProgress(started.Id), afterSeq: 0);
        var error = Assert.Single(events, e => e.Type == EventTypes.Error);
        Assert.StartsWith(cause, error.Data.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
