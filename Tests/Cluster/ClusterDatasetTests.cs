using System.Text;
using System.Text.Json;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterDatasetTests(ClusterFixture cluster)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Import_ThroughHostB_WatchedOnHostC_RunsOnTheJobSiloAndEveryEventArrivesInOrder()
    {
        await cluster.EnsureJobSiloAsync();
        var repo = $"acme/cluster-{Guid.NewGuid():N}"[..24];
        // Throttled, so the import reports progress several times while the watcher on C follows.
        cluster.Hub.AddSlowDatasetFile(repo, "train.jsonl", Lines(8_000, file: 0), bytesPerSecond: 400_000);
        using var onB = await cluster.AdminOnAsync(cluster.WebHost(1).BaseUrl);
        using var onC = await cluster.AdminOnAsync(cluster.WebHost(2).BaseUrl);

        var started = await onB.ImportDatasetAsync(repo, "train");
        await using var watcher = await ChannelWatcher.StartAsync(
            cluster.WebHost(2).BaseUrl, onC, Channels.DatasetProgress(started.Id), EventTypes.Completed, EventTypes.Error);
        await watcher.WaitEndAsync("the watcher on C to see the import end", JobTimeout);

        var events = watcher.Events.ToList();
        Assert.Equal(EventTypes.Completed, events[^1].Type);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.True(events.Count(e => e.Type == EventTypes.Progress) >= 3, $"progress was reported while it ran: {events.Count} events");
        Assert.Equal(8_000, events[^1].Data.GetProperty("num_samples").GetInt64());
        // Web hosts have Spaces:Jobs:Enabled=false: only a job silo ran it.
        Assert.All(cluster.NodesThatStartedJobsOf(started.Id), n => Assert.Equal(ClusterNodeKind.JobSilo, n.Kind));
        Assert.NotEmpty(cluster.NodesThatStartedJobsOf(started.Id));
    }

    [Fact]
    public async Task KillNine_OfTheJobSiloMidImport_AnotherJobSiloFinishesIt_AndTheWatcherNeverSeesProgressGoBack()
    {
        await cluster.EnsureJobSiloAsync();
        var standby = await cluster.StartJobSiloAsync();
        var repo = $"acme/failover-{Guid.NewGuid():N}"[..24];
        cluster.Hub.AddDatasetFile(repo, "data/train-00000-of-00002.jsonl", Lines(300, file: 0), lfs: true);
        cluster.Hub.AddSlowDatasetFile(repo, "data/train-00001-of-00002.jsonl", Lines(20_000, file: 1), bytesPerSecond: 300_000);
        using var admin = await cluster.AdminOnAsync(cluster.Balancer.BaseUrl);
        using var onC = await cluster.AdminOnAsync(cluster.WebHost(2).BaseUrl);

        var started = await admin.ImportDatasetAsync(repo, "train");
        await using var watcher = await ChannelWatcher.StartAsync(
            cluster.WebHost(2).BaseUrl, onC, Channels.DatasetProgress(started.Id), EventTypes.Completed, EventTypes.Error);
        await Wait.UntilAsync(
            async () => cluster.Hub.Requests.Any(r => r.Method == "GET" && r.RawTarget.EndsWith("train-00001-of-00002.jsonl", StringComparison.Ordinal))
                && (await admin.GetDatasetAsync(started.Id)).Progress >= 5 && cluster.NodesThatStartedJobsOf(started.Id).Count == 1,
            "the import to be downloading its second file on a job silo", JobTimeout);
        var running = Assert.Single(cluster.NodesThatStartedJobsOf(started.Id));
        Assert.Equal(ClusterNodeKind.JobSilo, running.Kind);

        await running.KillAsync();

        await watcher.WaitEndAsync("the import to finish on another job silo", JobTimeout);
        var view = await admin.GetDatasetAsync(started.Id);
        Assert.True(view.Status == DatasetStatuses.Ready, $"{view.Status}: {view.Error}");
        Assert.Equal(20_300, view.NumSamples);
        var finisher = Assert.Single(cluster.NodesThatStartedJobsOf(started.Id), n => n != running);
        Assert.Equal(ClusterNodeKind.JobSilo, finisher.Kind);
        Assert.True(finisher == standby || finisher.IsAlive);
        var events = watcher.Events.ToList();
        Assert.Equal(EventTypes.Completed, events[^1].Type);
        // Seqs only grow (a new activation may start past a reserved block); progress never moves back.
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Seq < p.Second.Seq), $"seqs: {string.Join(",", events.Select(e => e.Seq))}");
        var progress = events.Select(e => e.Data.GetProperty("progress").GetDouble()).ToList();
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.First <= p.Second), $"progress: {string.Join(",", progress)}");
    }

    private static byte[] Lines(int count, int file) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count)
        .Select(i => JsonSerializer.Serialize(new { text = $"file {file} story {i} " + new string('x', 100) }) + "\n")));
}
