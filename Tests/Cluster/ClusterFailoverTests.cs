using System.Diagnostics;
using System.Net;
using Azure.Data.Tables;
using Orleans.Configuration;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Abstractions.Workers;
using Spaces.Silo.Hosting;
using Spaces.Silo.Storage.Azure;
using Spaces.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Spaces.Tests.Cluster;

/// <summary>
/// A web host that dies (kill -9) under a worker with work in flight and queued. The figures it prints are the README's
/// failure-detection figures (README, "Run a cluster").
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFailoverTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(120);
    private static readonly string[] Terminal = [EventTypes.Completed, EventTypes.Failed, EventTypes.Cancelled];

    [Fact]
    public async Task KillingTheWorkersHost_TheWorkerRegistersAgainThroughTheBalancer_AndEveryAcknowledgedRequestCompletesOnceInOrder()
    {
        await using var workerDoor = cluster.NewBalancer();
        // Created through host B, where a new balancer sends its first connection (round-robin from the second host): the
        // space's grain most likely lives with the worker's connection, the harder case, in which the space itself is
        // unreachable until membership declares the host dead. Wherever they land, the test kills the worker's host.
        using var admin = await cluster.AdminOnAsync(cluster.WebHost(1).BaseUrl);
        var name = $"failover-{Guid.NewGuid():N}"[..20];
        var space = await admin.CreateSpaceAsync(name);
        var token = await admin.CreateTokenAsync(space.Id);
        var held = new TaskCompletionSource<WorkerRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var worker = TestWorker.StartBehind(workerDoor.BaseUrl, token, [name], async (job, ct) =>
        {
            if (job.Request.Attempt == 1 && held.TrySetResult(job.Request))
            {
                await Task.Delay(Timeout.Infinite, ct); // in flight until its host dies, which cancels it
            }
            return new { echo = job.Request.Prompt };
        });
        await worker.RegisteredAsync();
        var victim = cluster.WebHostIndexOf(LastRoute(workerDoor));
        var submitterHost = cluster.WebHost((victim + 1) % ClusterFixture.WebHostCount);
        using var submitter = await cluster.AdminOnAsync(submitterHost.BaseUrl);
        var acknowledged = new List<(string Id, string Prompt, ChannelWatcher Watcher)>();
        try
        {
            acknowledged.Add(await SubmitAndWatchAsync(submitter, submitterHost, space.Id, "in-flight"));
            var inFlight = await Wait.ForAsync(held.Task, "the first request to reach the worker");
            Assert.Equal(acknowledged[0].Id, inFlight.RequestId);
            for (var i = 0; i < 3; i++)
            {
                acknowledged.Add(await SubmitAndWatchAsync(submitter, submitterHost, space.Id, $"queued-{i}"));
            }
            var silo = await ActiveSiloRowAsync(cluster.WebHost(victim).SiloPort);

            var clock = Stopwatch.StartNew();
            await cluster.WebHost(victim).KillAsync();
            var killedAt = DateTime.UtcNow;
            var declaredDead = WhenDeclaredDeadAsync(silo, clock);
            var timeline = new List<string>();
            TimeSpan? attachedAgain = null;
            var n = 0;
            // Until the space has the worker again (through another host) and takes a submission: the window users see.
            while (attachedAgain is null || acknowledged.Count < 4 + 2)
            {
                Assert.True(clock.Elapsed < FailoverTimeout, $"no failover after {clock.Elapsed}: {string.Join("; ", timeline)}");
                var read = await ReadSpaceAsync(submitter, space.Id);
                if (attachedAgain is null && read is { Worker.Connected: true, Worker.ConnectedAt: { } since } && since > killedAt)
                {
                    attachedAgain = clock.Elapsed;
                }
                var submitted = await TrySubmitAsync(submitter, space.Id, $"during-{n++}");
                var reads = read is null ? "unreadable" : read.Worker.Connected ? "connected" : "disconnected";
                timeline.Add($"{clock.Elapsed.TotalSeconds:0.0}s space {reads}, submit {submitted.Outcome}");
                if (submitted.Id is { } id)
                {
                    var watcher = await ChannelWatcher.StartAsync(submitterHost.BaseUrl, submitter, Channels.Request(id), Terminal);
                    acknowledged.Add((id, submitted.Prompt, watcher));
                }
                await Task.Delay(250);
            }
            var dead = await Wait.ForAsync(declaredDead, "membership to declare the killed host's silo dead", FailoverTimeout);
            var registeredAgain = worker.RegisteredAt.Skip(1).Select(t => t - killedAt).DefaultIfEmpty(TimeSpan.MaxValue).Min();

            var membership = new ClusterMembershipOptions { ProbeTimeout = ConfiguredProbeTimeout() };
            output.WriteLine($"kill -9 of {cluster.WebHost(victim).Name}; probe {membership.ProbeTimeout.TotalSeconds} s, "
                + $"{membership.NumMissedProbesLimit} missed probes, {membership.NumVotesForDeathDeclaration} votes");
            output.WriteLine($"the space's grain was {(timeline.Any(t => t.Contains("unreadable", StringComparison.Ordinal)) ? "on the killed host" : "elsewhere")}");
            output.WriteLine($"declared dead after {dead.TotalSeconds:0.0} s; worker registered again after {registeredAgain.TotalSeconds:0.0} s; "
                + $"space read the new worker after {attachedAgain.Value.TotalSeconds:0.0} s");
            output.WriteLine(string.Join(Environment.NewLine, timeline));
            // Tied to failure detection, not to the 60 s worker lease or the 30 s client timeouts: the space has its worker
            // back no later than a little after the silo is declared dead, and detection stays within its probe settings.
            var detectionBound = membership.MaxProbeTimeout * membership.NumMissedProbesLimit + TimeSpan.FromSeconds(10);
            Assert.True(dead < detectionBound, $"declared dead after {dead}, past {detectionBound} for these probe settings");
            Assert.True(attachedAgain.Value < dead + TimeSpan.FromSeconds(10),
                $"the space read the worker again {attachedAgain} after the kill; its host was declared dead after {dead}");

            foreach (var (id, _, watcher) in acknowledged)
            {
                await watcher.WaitEndAsync($"request {id} to end", FailoverTimeout);
            }
            // Settled: no late duplicate may follow.
            await Task.Delay(TimeSpan.FromSeconds(2));
            foreach (var (id, prompt, watcher) in acknowledged)
            {
                var events = watcher.Events.ToList();
                var endedOnce = events.Count(e => e.Type == EventTypes.Completed) == 1
                    && !events.Any(e => e.Type is EventTypes.Failed or EventTypes.Cancelled);
                Assert.True(endedOnce,
                    $"request {id} ({prompt}): {string.Join(", ", events.Select(e => $"{e.Seq}:{e.Type}"))}");
                Assert.True(events.Zip(events.Skip(1)).All(p => p.Second.Seq > p.First.Seq), $"request {id}: seqs not increasing");
                var view = await submitter.CompletedAsync(id);
                Assert.Equal(prompt, view.Result?.GetProperty("echo").GetString());
            }
            Assert.Equal(2, (await submitter.GetRequestAsync(acknowledged[0].Id)).Attempts);
            var ids = acknowledged.Select(a => a.Id).ToHashSet();
            var firstAttempts = worker.Received.Select(r => r.RequestId).Distinct().Where(ids.Contains).ToList();
            Assert.Equal(acknowledged.Select(a => a.Id), firstAttempts);
            Assert.Equal(new[] { 1, 2 }, worker.Received.Where(r => r.RequestId == acknowledged[0].Id).Select(r => r.Attempt));
            Assert.False(worker.Overlapped);
        }
        finally
        {
            foreach (var (_, _, watcher) in acknowledged)
            {
                await watcher.DisposeAsync();
            }
            await worker.StopAsync();
            await cluster.EnsureWebHostsAsync();
        }
    }

    internal static int LastRoute(TcpBalancer balancer)
    {
        lock (balancer.Routed)
        {
            return balancer.Routed[^1];
        }
    }

    /// <summary>The probe period of the cluster under test: Spaces' own, unless the run overrides it (hosts inherit this environment).</summary>
    private static TimeSpan ConfiguredProbeTimeout() =>
        Environment.GetEnvironmentVariable($"{MembershipTuning.Section.Replace(":", "__", StringComparison.Ordinal)}__ProbeTimeout") is { } text
            ? TimeSpan.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : MembershipTuning.ProbeTimeout;

    private static async Task<(string Id, string Prompt, ChannelWatcher Watcher)> SubmitAndWatchAsync(
        ApiClient submitter, ClusterNode host, string spaceId, string prompt)
    {
        var accepted = await submitter.SubmitOkAsync(spaceId, prompt);
        var watcher = await ChannelWatcher.StartAsync(host.BaseUrl, submitter, Channels.Request(accepted.RequestId), Terminal);
        return (accepted.RequestId, prompt, watcher);
    }

    private static async Task<SpaceView?> ReadSpaceAsync(ApiClient client, string spaceId)
    {
        try
        {
            using var response = await client.Http.GetAsync($"/api/spaces/{spaceId}");
            return response.IsSuccessStatusCode ? await ApiClient.ReadAsync<SpaceView>(response, HttpStatusCode.OK) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>One submission; what it got back (202, or the status and code of a refusal) and the id if acknowledged.</summary>
    internal static async Task<(string? Id, string Prompt, string Outcome)> TrySubmitAsync(ApiClient client, string spaceId, string prompt)
    {
        try
        {
            using var response = await client.SubmitAsync(spaceId, prompt);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return ((await ApiClient.ReadAsync<RequestAccepted>(response, HttpStatusCode.Accepted)).RequestId, prompt, "202");
            }
            var body = await response.Content.ReadAsStringAsync();
            var code = body.Contains("\"code\"", StringComparison.Ordinal)
                ? System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()
                : "";
            return (null, prompt, $"{(int)response.StatusCode} {code}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, prompt, e.GetType().Name);
        }
    }

    private async Task<TableEntity> ActiveSiloRowAsync(int siloPort)
    {
        var rows = await SiloRowsAsync();
        var port = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return rows.Single(r => r.GetString("Status") == "Active" && r.GetString("Port") == port);
    }

    private async Task<TimeSpan> WhenDeclaredDeadAsync(TableEntity silo, Stopwatch clock)
    {
        while (clock.Elapsed < FailoverTimeout)
        {
            var row = (await SiloRowsAsync()).Single(r => r.RowKey == silo.RowKey);
            if (row.GetString("Status") == "Dead")
            {
                return clock.Elapsed;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The killed host's silo {silo.RowKey} is still not declared dead after {clock.Elapsed}");
    }

    private async Task<List<TableEntity>> SiloRowsAsync()
    {
        var tables = AzureStorageAccount.Parse(cluster.Azurite.ConnectionString).CreateTableServiceClient();
        var rows = new List<TableEntity>();
        await foreach (var row in tables.GetTableClient("OrleansSiloInstances").QueryAsync<TableEntity>(e => e.PartitionKey == cluster.ClusterId))
        {
            rows.Add(row);
        }
        return rows;
    }
}
