using System.Text.Json;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Indexes;
using Spaces.Grains.Abstractions.Streams;
using Microsoft.Extensions.Logging.Abstractions;
using Spaces.Grains.Datasets;
using Spaces.Silo.Jobs;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class DatasetGrainTests(GrainClusterFixture fixture)
{
    private static readonly DatasetImport TinyStories = new("roneneldan/TinyStories", null, "train[:1%]", null);
    private static readonly JsonElement NoStatistics = JsonSerializer.SerializeToElement(new { });

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static DatasetMessage Rows(long done) => DatasetMessages.TokenizingRows(done, 100);

    private IDatasetGrain Dataset(string id) => fixture.Grains.GetGrain<IDatasetGrain>(id);

    private async Task<(IDatasetGrain Grain, JobTicket Run)> ImportAsync(string? owner = null)
    {
        var id = NewId();
        var grain = Dataset(id);
        await grain.ImportAsync(TinyStories, owner ?? NewId());
        return (grain, fixture.Jobs.RunsOf(id)[^1]);
    }

    private static async Task<IReadOnlyList<ChannelMessage>> EventsAsync(IDatasetGrain grain) => (await grain.ReadAsync(0)).Replay;

    [Fact]
    public async Task Import_StartsAnImportRunAndListsTheDataset_ThenSaysItStarted()
    {
        var owner = NewId();
        var (grain, run) = await ImportAsync(owner);

        Assert.Equal(("import", 1), (run.Kind, run.Attempt));
        Assert.True(fixture.Jobs.IsRunning(run.Id));
        var started = Assert.Single(await EventsAsync(grain));
        Assert.Equal((1L, EventTypes.Progress), (started.Seq, started.Type));
        Assert.Equal(DatasetStatuses.Downloading, (await grain.GetAsync())!.View.Status);
        Assert.Equal([run.DatasetId], await fixture.Grains.GetGrain<IIndexGrain>(Indexes.DatasetsOf(owner)).ListAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-slash")]
    [InlineData("../etc/passwd")]
    public async Task Import_OfAMalformedRepoId_IsRefusedAndCreatesNothing(string repoId)
    {
        var grain = Dataset(NewId());

        var refusal = await Assert.ThrowsAsync<SpacesException>(() => grain.ImportAsync(TinyStories with { RepoId = repoId }, NewId()));

        Assert.Equal(ErrorCode.InvalidInput, refusal.Code);
        Assert.Null(await grain.GetAsync());
    }

    [Fact]
    public async Task Progress_NeverGoesBackwards_AndEveryReportIsPublished()
    {
        var (grain, run) = await ImportAsync();

        await grain.ReportProgressAsync(run.Id, 40, Rows(40));
        await grain.ReportProgressAsync(run.Id, 20, Rows(20));
        await grain.ReportProgressAsync(run.Id, 60, Rows(60));

        var progress = (await EventsAsync(grain)).Skip(1).Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("progress").GetDouble());
        Assert.Equal([40, 40, 60], progress);
        Assert.Equal(60, (await grain.GetAsync())!.View.Progress);
    }

    [Fact]
    public async Task JobContext_TicksManyTimesASecond_TheGrainHearsOnlyTheLatest_AndAStepAtOnce()
    {
        var (grain, run) = await ImportAsync();
        var context = new JobContext(run, grain, NullLogger.Instance);
        try
        {
            for (var i = 1; i <= 500; i++)
            {
                context.Tick(10 + (i / 10.0), DatasetMessages.DownloadingFile(i * 1_000_000L, 1, 1));
            }
            await Wait.UntilAsync(async () => (await grain.GetAsync())!.View.Progress == 60, "the latest tick to reach the grain");
            await context.ReportAsync(70, DatasetMessages.Saving);
        }
        finally
        {
            await context.DisposeAsync();
        }

        var events = (await EventsAsync(grain)).Skip(1).Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.InRange(events.Count, 2, 3); // 500 ticks within one tick interval or two, then the step
        Assert.Equal(("Downloading from HuggingFace Hub... 500.0 MB of file 1/1", 60.0), (events[^2].GetProperty("message").GetString(), events[^2].GetProperty("progress").GetDouble()));
        Assert.Equal(("download.saving", 70.0), (events[^1].GetProperty("key").GetString(), events[^1].GetProperty("progress").GetDouble()));
    }

    [Fact]
    public async Task CompleteImport_MakesItReady_WithCountsAndOneCompletedEvent()
    {
        var (grain, run) = await ImportAsync();
        var file = new DatasetFile("train.jsonl", "jsonl", 123, "datasets/x/files/0000.jsonl", 0, 10);

        await grain.CompleteImportAsync(run.Id, [file], 10, 123, NoStatistics);
        await grain.CompleteImportAsync(run.Id, [file], 99, 999, NoStatistics);

        var view = (await grain.GetAsync())!.View;
        Assert.Equal((DatasetStatuses.Ready, 100.0, 10L, 123L), (view.Status, view.Progress, view.NumSamples!.Value, view.SizeBytes!.Value));
        Assert.Single(await EventsAsync(grain), e => e.Type == EventTypes.Completed);
    }

    [Fact]
    public async Task Tokenize_WhileImporting_IsBusy_ThenStartsATokenizeRunOnceReady()
    {
        var (grain, run) = await ImportAsync();
        var settings = new TokenizeSettings("gpt2", 128, 16);

        Assert.Equal(ErrorCode.DatasetBusy, (await Assert.ThrowsAsync<SpacesException>(() => grain.TokenizeAsync(settings))).Code);
        await grain.CompleteImportAsync(run.Id, [], 10, 123, NoStatistics);
        var view = await grain.TokenizeAsync(settings);

        Assert.Equal(DatasetStatuses.Tokenizing, view.Status);
        var tokenize = fixture.Jobs.RunsOf(view.Id)[^1];
        Assert.Equal(("tokenize", 1), (tokenize.Kind, tokenize.Attempt));
        Assert.Equal("running", view.Tokenization!.Status);
    }

    [Fact]
    public async Task Failure_StaysAnError_AndAReportOfTheEndedRunIsIgnored()
    {
        var (grain, run) = await ImportAsync();

        await grain.FailAsync(run.Id, DatasetMessages.DownloadFailed("404"));
        await grain.ReportProgressAsync(run.Id, 90, Rows(90));
        await grain.CompleteImportAsync(run.Id, [], 10, 10, NoStatistics);

        var view = (await grain.GetAsync())!.View;
        Assert.Equal((DatasetStatuses.Error, "Download failed: 404"), (view.Status, view.Error));
        Assert.Equal([EventTypes.Progress, EventTypes.Error], (await EventsAsync(grain)).Select(e => e.Type));
    }

    [Fact]
    public async Task Delete_CancelsTheRun_ForgetsTheDataset_AndUnlistsIt()
    {
        var owner = NewId();
        var (grain, run) = await ImportAsync(owner);

        await grain.DeleteAsync();

        Assert.Contains(run.Id, fixture.Jobs.Cancelled);
        Assert.Null(await grain.GetAsync());
        Assert.Empty(await fixture.Grains.GetGrain<IIndexGrain>(Indexes.DatasetsOf(owner)).ListAsync());
    }

    [Fact]
    public async Task Reactivation_OfADatasetWhoseRunNoOneRuns_RestartsItWithTheNextAttempt_AndSeqsContinue()
    {
        var (grain, run) = await ImportAsync();
        await grain.ReportProgressAsync(run.Id, 30, Rows(30));
        fixture.Jobs.Lose(run.Id);

        await fixture.Cluster.DeactivateAsync(grain);
        var record = await grain.GetAsync();

        var restarted = fixture.Jobs.RunsOf(run.DatasetId)[^1];
        Assert.Equal(2, restarted.Attempt);
        Assert.NotEqual(run.Id, restarted.Id);
        await grain.ReportProgressAsync(run.Id, 95, Rows(95));
        await grain.ReportProgressAsync(restarted.Id, 10, Rows(10));
        var after = await grain.ReadAsync(record!.Seq);
        var next = Assert.Single(after.Replay);
        Assert.Equal(3, next.Seq);
        Assert.Equal(30, JsonDocument.Parse(next.Data).RootElement.GetProperty("progress").GetDouble());
    }

    [Fact]
    public async Task Restarts_PastTheAttemptLimit_EndInAnErrorThatSaysSo()
    {
        var (grain, run) = await ImportAsync();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            fixture.Jobs.Lose(fixture.Jobs.RunsOf(run.DatasetId)[^1].Id);
            await fixture.Cluster.DeactivateAsync(grain);
            await grain.GetAsync();
        }

        var view = (await grain.GetAsync())!.View;
        Assert.Equal(3, fixture.Jobs.RunsOf(run.DatasetId).Count);
        Assert.Equal((DatasetStatuses.Error, "The import was interrupted 3 times; giving up"), (view.Status, view.Error));
    }

    [Fact]
    public async Task Read_AfterASeqNoLongerRetained_SaysReset_AndReplaysWhatIsStillRetained()
    {
        var (grain, run) = await ImportAsync();
        for (var i = 1; i <= 12; i++)
        {
            await grain.ReportProgressAsync(run.Id, i, Rows(i));
        }

        var read = await grain.ReadAsync(1);

        Assert.True(read.Reset);
        // The events right after 1 are gone; the ones still held come along, for a live relay to pass on.
        Assert.True(read.Replay[0].Seq > 2, $"replay starts at {read.Replay[0].Seq}");
        Assert.Equal(13, read.Replay[^1].Seq);
        Assert.Equal(13, read.Seq);
        Assert.False((await grain.ReadAsync(10)).Reset);
    }

    [Fact]
    public async Task KillSilo_HoldingADataset_StateIsBack_SeqDoesNotRepeat_AndTheRunRestarts()
    {
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        var primary = fixture.Cluster.Silos[0].SiloAddress;
        IDatasetGrain grain;
        JobTicket run;
        SiloAddress? host;
        do
        {
            (grain, run) = await ImportAsync();
            host = await management.GetActivationAddress(grain);
        }
        while (host == primary);
        await grain.ReportProgressAsync(run.Id, 42, Rows(42));
        var seen = (await grain.GetAsync())!.Seq;

        // The collection goes on with the primary alone: a silo started now would probe the dead one and fail to join.
        await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos.Single(s => s.SiloAddress == host));
        fixture.Jobs.Lose(run.Id);
        var record = await AnswerFromALiveSiloAsync(grain);

        Assert.Equal((DatasetStatuses.Downloading, 42.0), (record!.View.Status, record.View.Progress));
        Assert.True(record.Seq > seen, $"seq {record.Seq} after the silo died must be past {seen}");
        Assert.Equal(2, fixture.Jobs.RunsOf(run.DatasetId)[^1].Attempt);
        var restarted = fixture.Jobs.RunsOf(run.DatasetId)[^1];
        await grain.ReportProgressAsync(restarted.Id, 50, Rows(50));
        Assert.True((await grain.GetAsync())!.Seq > record.Seq);
    }
    [Fact]
    public async Task Checkpoint_OutlivesARestart_IgnoresStaleRuns_AndEndsWithTheJob()
    {
        var (grain, run) = await ImportAsync();
        var first = new DatasetFile("data/train-0.jsonl", "jsonl", 10, "datasets/x/files/0000.jsonl", 0, 0);
        await grain.CheckpointAsync(run.Id, first);
        fixture.Jobs.Lose(run.Id);

        await fixture.Cluster.DeactivateAsync(grain);
        var restarted = (await grain.GetCheckpointAsync(), fixture.Jobs.RunsOf(run.DatasetId)[^1]);
        await grain.CheckpointAsync(run.Id, first with { Path = "from the old run" });

        Assert.Equal([first], restarted.Item1);
        Assert.Equal([first], await grain.GetCheckpointAsync());
        await grain.CompleteImportAsync(restarted.Item2.Id, [first], 10, 10, NoStatistics);
        Assert.Empty(await grain.GetCheckpointAsync());
    }

    [Fact]
    public async Task ShardCheckpoint_OutlivesALostRun_TheRestartedRunReadsIt_AndWhatWatchersSeeNeverGoesBack()
    {
        var (grain, import) = await ImportAsync();
        await grain.CompleteImportAsync(import.Id, [], 100, 10, NoStatistics);
        var run = fixture.Jobs.RunsOf((await grain.TokenizeAsync(new TokenizeSettings("gpt2", 16, 0))).Id)[^1];
        Assert.Null(await grain.GetShardCheckpointAsync());
        var second = new TokenizeCheckpoint(2, 0, 60, 60, "datasets/x/tokenize-checkpoints/00002.json");
        await grain.CheckpointShardAsync(run.Id, second with { Shards = 1, Row = 30, Samples = 30 });
        await grain.ReportProgressAsync(run.Id, 61, Rows(60));
        await grain.CheckpointShardAsync(run.Id, second);
        var before = await EventsAsync(grain);
        fixture.Jobs.Lose(run.Id);

        await fixture.Cluster.DeactivateAsync(grain);
        var checkpoint = await grain.GetShardCheckpointAsync();
        var seq = (await grain.GetAsync())!.Seq;
        var restarted = fixture.Jobs.RunsOf(run.DatasetId)[^1];
        await grain.CheckpointShardAsync(run.Id, second with { Shards = 9 });
        await grain.ReportProgressAsync(restarted.Id, 55, DatasetMessages.Resuming(60, 100));
        await grain.ReportProgressAsync(restarted.Id, 70, Rows(85));

        Assert.Equal((JobKinds.Tokenize, 2), (restarted.Kind, restarted.Attempt));
        Assert.Equal(second, checkpoint);
        Assert.Equal(second, await grain.GetShardCheckpointAsync());
        var after = (await grain.ReadAsync(seq)).Replay;
        var progress = before.Concat(after).Where(e => e.Type == EventTypes.Progress)
            .Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("progress").GetDouble()).ToList();
        Assert.Equal(progress.Order(), progress);
        var resumed = JsonDocument.Parse(after[0].Data).RootElement;
        Assert.Equal((61.0, "tokenize.resuming"), (resumed.GetProperty("progress").GetDouble(), resumed.GetProperty("key").GetString()));
        await grain.CompleteTokenizationAsync(restarted.Id, NoStatistics, ["datasets/x/tokens/shard-00000"]);
        Assert.Null(await grain.GetShardCheckpointAsync());
    }

    [Fact]
    public async Task Events_CarryTheMessageKeyAndArgs_BesideTheEnglish_AndTheViewToo()
    {
        var (grain, run) = await ImportAsync();

        await grain.ReportProgressAsync(run.Id, 30, DatasetMessages.DownloadingFile(12_500_000, 1, 3));
        await grain.FailAsync(run.Id, DatasetMessages.DownloadFailed("404"));

        var events = (await EventsAsync(grain)).Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.Equal(["download.starting", "download.file", "download.failed"], events.Select(e => e.GetProperty("key").GetString()));
        var file = events[1];
        Assert.Equal("Downloading from HuggingFace Hub... 12.5 MB of file 1/3", file.GetProperty("message").GetString());
        Assert.Equal("""{"mb":"12.5","file":1,"files":3}""", file.GetProperty("args").GetRawText());
        Assert.Equal(("Download failed: 404", "404"), (events[2].GetProperty("message").GetString(), events[2].GetProperty("args").GetProperty("detail").GetString()));
        var view = (await grain.GetAsync())!.View;
        Assert.Equal(("download.failed", "Download failed: 404"), (view.Key, view.Error));
        Assert.Equal("404", view.Args!.Value.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Write_ThatTheStorageFails_Is503StorageUnavailable_NothingAcknowledgedIsLost_AndTheRunResumesFromItsCheckpoint()
    {
        var (grain, run) = await ImportAsync();
        var first = new DatasetFile("data/train-0.jsonl", "jsonl", 10, "datasets/x/files/0000.jsonl", 0, 5);
        var second = first with { Path = "data/train-1.jsonl", BlobName = "datasets/x/files/0001.jsonl", RowStart = 5, RowEnd = 10 };
        await grain.CheckpointAsync(run.Id, first);
        await grain.ReportProgressAsync(run.Id, 30, Rows(30));
        var acknowledged = await EventsAsync(grain);

        SpacesException report, checkpoint, complete;
        fixture.Faults.FailWrites = true;
        try
        {
            report = await Assert.ThrowsAsync<SpacesException>(() => grain.ReportProgressAsync(run.Id, 60, Rows(60)));
            checkpoint = await Assert.ThrowsAsync<SpacesException>(() => grain.CheckpointAsync(run.Id, second));
            complete = await Assert.ThrowsAsync<SpacesException>(() => grain.CompleteImportAsync(run.Id, [first, second], 10, 20, NoStatistics));
        }
        finally
        {
            fixture.Faults.FailWrites = false;
        }
        // The job runner stops a run whose report failed for storage (it is not the job's failure): no host runs it now.
        fixture.Jobs.Lose(run.Id);

        Assert.All(new[] { report, checkpoint, complete }, e => Assert.Equal(ErrorCode.StorageUnavailable, e.Code));
        // The next call finds a new activation, from the stored state: what was acknowledged, and nothing the failed calls made.
        var record = (await grain.GetAsync())!;
        Assert.Equal((DatasetStatuses.Downloading, 30.0, null), (record.View.Status, record.View.Progress, record.View.NumSamples));
        Assert.Equal([first], await grain.GetCheckpointAsync());
        var restarted = fixture.Jobs.RunsOf(run.DatasetId)[^1];
        Assert.Equal((run.Kind, 2), (restarted.Kind, restarted.Attempt));
        // The restarted run goes on from the checkpoint, and its events come after every seq handed out before.
        await grain.CheckpointAsync(restarted.Id, second);
        await grain.ReportProgressAsync(restarted.Id, 70, Rows(70));
        Assert.Equal([first, second], await grain.GetCheckpointAsync());
        var resumed = (await grain.ReadAsync(record.Seq)).Replay;
        Assert.Equal(70, JsonDocument.Parse(Assert.Single(resumed).Data).RootElement.GetProperty("progress").GetDouble());
        Assert.True(resumed[0].Seq > acknowledged[^1].Seq, $"seq {resumed[0].Seq} must be past {acknowledged[^1].Seq}");
        await grain.CompleteImportAsync(restarted.Id, [first, second], 10, 20, NoStatistics);
        var ready = (await grain.GetAsync())!.View;
        Assert.Equal((DatasetStatuses.Ready, 10L), (ready.Status, ready.NumSamples!.Value));
    }

    /// <summary>
    /// The grain's record once a live silo answers: until membership declares the killed silo dead, a call may still be
    /// routed to it and never answered, so each try has a short timeout of its own.
    /// </summary>
    private static async Task<DatasetRecord?> AnswerFromALiveSiloAsync(IDatasetGrain grain)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                return await grain.GetAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException && DateTime.UtcNow < deadline)
            {
                // Routed to the dead silo: try again once the cluster has noticed.
            }
        }
    }
}
