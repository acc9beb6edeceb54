using System.Text.Json;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Datasets;

namespace Spaces.Tests.Grains;

public sealed class DatasetGrainTests
{
    private const string Id = "ds1";
    private static readonly JsonElement NoStatistics = JsonSerializer.SerializeToElement(new { });
    private readonly GrainTestbed _bed = new();

    private IEnumerable<(string Type, JsonElement Data)> Events => _bed.On(Channels.DatasetProgress(Id));

    private async Task<string> ImportAsync()
    {
        await _bed.DatasetCallAsync(Id, g => g.ImportAsync(new DatasetImport("roneneldan/TinyStories", null, "train[:1%]", null), "owner"));
        return _bed.Dataset(Id)!.JobId!;
    }

    private async Task<string> ImportedAsync()
    {
        var job = await ImportAsync();
        await _bed.DatasetCallAsync(Id, g => g.CompleteImportAsync(job, [], 100, 2000, NoStatistics));
        return job;
    }

    [Fact]
    public async Task Import_QueuesAJobAndSaysItStarted()
    {
        var job = await ImportAsync();

        Assert.Equal(DatasetStatuses.Downloading, _bed.Dataset(Id)!.Status);
        Assert.Equal(JobKinds.Import, _bed.Job(job).Kind);
        var first = Events.Single();
        Assert.Equal(EventTypes.Progress, first.Type);
        Assert.Equal("Starting download...", first.Data.GetProperty("message").GetString());
        Assert.Equal(0, first.Data.GetProperty("progress").GetDouble());
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-owner")]
    [InlineData("../etc/passwd")]
    [InlineData("a/b/c")]
    public async Task Import_OfAMalformedRepoId_IsRefused(string repoId)
    {
        var error = await Assert.ThrowsAsync<SpacesException>(() =>
            _bed.DatasetCallAsync(Id, g => g.ImportAsync(new DatasetImport(repoId, null, "train", null), "owner")));

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Null(_bed.Dataset(Id));
    }

    [Fact]
    public async Task Progress_NeverGoesBackwards_AndIsRateLimitedExceptWhenForced()
    {
        var job = await ImportAsync();
        _bed.Time.Advance(TimeSpan.FromSeconds(1));

        await _bed.DatasetCallAsync(Id, g => g.ReportProgressAsync(job, 40, "forty"));
        await _bed.DatasetCallAsync(Id, g => g.ReportProgressAsync(job, 50, "too soon"));
        _bed.Time.Advance(TimeSpan.FromSeconds(1));
        await _bed.DatasetCallAsync(Id, g => g.ReportProgressAsync(job, 30, "backwards"));
        await _bed.DatasetCallAsync(Id, g => g.ReportProgressAsync(job, 60, "forced", force: true));

        var progress = Events.Where(e => e.Type == EventTypes.Progress).Select(e => e.Data.GetProperty("progress").GetDouble()).ToList();
        Assert.Equal([0, 40, 50, 60], progress);
        Assert.Equal(60, _bed.Dataset(Id)!.Progress);
    }

    [Fact]
    public async Task CompleteImport_MakesItReadyWithCountsAndACompletedEvent()
    {
        var job = await ImportedAsync();

        var dataset = _bed.Dataset(Id)!;
        Assert.Equal((DatasetStatuses.Ready, 100L, 2000L), (dataset.Status, dataset.NumSamples!.Value, dataset.SizeBytes!.Value));
        Assert.Equal(JobStatuses.Done, _bed.Job(job).Status);
        var completed = Events.Last();
        Assert.Equal(EventTypes.Completed, completed.Type);
        Assert.Equal("ready", completed.Data.GetProperty("status").GetString());
        Assert.Equal(100, completed.Data.GetProperty("num_samples").GetInt64());
    }

    [Fact]
    public async Task ReportsOfAStaleJob_AreIgnored()
    {
        var job = await ImportAsync();
        await _bed.DatasetCallAsync(Id, g => g.FailAsync(job, "Download failed: Invalid repository ID"));
        var before = Events.Count();

        await _bed.DatasetCallAsync(Id, g => g.CompleteImportAsync(job, [], 1, 1, NoStatistics));

        Assert.Equal(DatasetStatuses.Error, _bed.Dataset(Id)!.Status);
        Assert.Equal(before, Events.Count());
    }

    [Fact]
    public async Task Tokenize_WhileImporting_IsBusy_ThenRunsWhenReady()
    {
        await ImportAsync();
        var busy = await Assert.ThrowsAsync<SpacesException>(() => _bed.DatasetCallAsync(Id, g => g.TokenizeAsync(new TokenizeSettings("gpt2", 512, 0))));
        Assert.Equal(ErrorCode.DatasetBusy, busy.Code);
        await _bed.DatasetCallAsync(Id, g => g.CompleteImportAsync(_bed.Dataset(Id)!.JobId!, [], 10, 10, NoStatistics));

        var view = await _bed.DatasetCallAsync(Id, g => g.TokenizeAsync(new TokenizeSettings("gpt2", 512, 0)));

        Assert.Equal(DatasetStatuses.Tokenizing, view.Status);
        Assert.Equal("Starting tokenization...", view.Message);
        Assert.Equal(JobKinds.Tokenize, _bed.Job(_bed.Dataset(Id)!.JobId!).Kind);
    }

    [Theory]
    [InlineData("gpt2", 0, 0)]
    [InlineData("gpt2", 512, 512)]
    [InlineData("gpt2", 512, -1)]
    [InlineData("../gpt2", 512, 0)]
    public async Task Tokenize_WithBadSettings_IsRefused(string tokenizer, int maxLength, int stride)
    {
        await ImportedAsync();

        var error = await Assert.ThrowsAsync<SpacesException>(() =>
            _bed.DatasetCallAsync(Id, g => g.TokenizeAsync(new TokenizeSettings(tokenizer, maxLength, stride))));

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Equal(DatasetStatuses.Ready, _bed.Dataset(Id)!.Status);
    }

    [Fact]
    public async Task FailedTokenization_StaysAnErrorUntilTheUserTokenizesAgain()
    {
        await ImportedAsync();
        await _bed.DatasetCallAsync(Id, g => g.TokenizeAsync(new TokenizeSettings("invalid-tokenizer-12345", 512, 0)));
        var job = _bed.Dataset(Id)!.JobId!;

        await _bed.DatasetCallAsync(Id, g => g.FailAsync(job, "Failed to load tokenizer invalid-tokenizer-12345"));

        var failed = _bed.Dataset(Id)!;
        Assert.Equal(DatasetStatuses.Error, failed.Status);
        Assert.Equal(JobStatuses.Failed, DatasetViews.Tokenization(failed)!.Status);
        var error = Events.Last();
        Assert.Equal(EventTypes.Error, error.Type);
        Assert.Equal("Failed to load tokenizer invalid-tokenizer-12345", error.Data.GetProperty("message").GetString());
        var retry = await _bed.DatasetCallAsync(Id, g => g.TokenizeAsync(new TokenizeSettings("gpt2", 128, 16)));
        Assert.Equal(DatasetStatuses.Tokenizing, retry.Status);
        Assert.Null(retry.Error);
    }

    [Fact]
    public async Task Delete_CancelsTheRunningJob()
    {
        var job = await ImportAsync();

        await _bed.DatasetCallAsync(Id, g => g.DeleteAsync());

        Assert.Null(_bed.Dataset(Id));
        Assert.Equal(JobStatuses.Cancelled, _bed.Job(job).Status);
    }
}
