using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Spaces.Api.Auth;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Spaces.Tests.Cluster;

/// <summary>
/// Every web host stopped and started again on its ports, one after another, as a platform rolls out a new build, while a
/// watcher and a worker stay on through the balancer. Built against SignalR.Orleans' failures: delivery that stops after
/// rolling restarts (its #117) and stale clients of hosts that are gone (#96).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRollingRestartTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan ResumeTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RollingRestartOfEveryWebHost_UpdatesResumeAfterEach_NothingAcknowledgedIsLost_AndEveryHostStillDelivers()
    {
        await using var workerDoor = cluster.NewBalancer();
        using var admin = await cluster.AdminOnAsync(cluster.Balancer.BaseUrl);
        var name = $"rolling-{Guid.NewGuid():N}"[..20];
        var space = await admin.CreateSpaceAsync(name);
        var token = await admin.CreateTokenAsync(space.Id);
        await using var worker = TestWorker.StartBehind(workerDoor.BaseUrl, token, [name], async (job, ct) =>
        {
            await Task.Delay(100, ct);
            return new { echo = job.Request.Prompt };
        });
        await worker.RegisteredAsync();
        var channel = Channels.SpaceStatus(space.Id);
        await using var watcher = await ResumingWatcher.StartAsync(cluster.Balancer.BaseUrl, admin, channel);
        var acknowledged = new ConcurrentQueue<(string Id, string Prompt)>();
        var refusals = new ConcurrentQueue<string>();
        using var stopSubmitting = new CancellationTokenSource();
        var submitting = SubmitUntilStoppedAsync(admin, space.Id, acknowledged, refusals, stopSubmitting.Token);
        try
        {
            for (var i = 0; i < ClusterFixture.WebHostCount; i++)
            {
                var heldWorker = cluster.WebHostIndexOf(ClusterFailoverTests.LastRoute(workerDoor)) == i;
                var registrations = worker.RegisteredAt.Count;
                var clock = Stopwatch.StartNew();
                var restarted = await cluster.RestartWebHostAsync(i);
                var restartTook = clock.Elapsed;
                var seqAfterRestart = watcher.LastSeq;
                await watcher.WaitPastAsync(seqAfterRestart, $"an update after restarting {restarted.Name}", ResumeTimeout);
                if (heldWorker)
                {
                    await Wait.UntilAsync(() => Task.FromResult(worker.RegisteredAt.Count > registrations),
                        $"the worker to register again after {restarted.Name}, which held it, restarted", ResumeTimeout);
                }
                output.WriteLine($"{restarted.Name}: stopped and ready again in {restartTook.TotalSeconds:0.0} s, updates resumed "
                    + $"{(clock.Elapsed - restartTook).TotalSeconds:0.0} s later; it held the worker: {heldWorker}; "
                    + $"watcher reconnects so far {watcher.Reconnects}, resets {watcher.Entries.Count(e => e.IsReset)}");
            }
        }
        finally
        {
            await stopSubmitting.CancelAsync();
            await submitting;
            await cluster.EnsureWebHostsAsync();
        }
        var refused = string.Join(", ", refusals.GroupBy(r => r).Select(g => $"{g.Key} x{g.Count()}"));
        output.WriteLine($"acknowledged {acknowledged.Count}, refused or unanswered {refusals.Count}: {refused}");

        // Nothing acknowledged is lost, each ran once to completion, in the order they were acknowledged.
        Assert.True(acknowledged.Count >= 10, $"only {acknowledged.Count} submissions were acknowledged");
        foreach (var (id, prompt) in acknowledged)
        {
            var view = await admin.CompletedAsync(id);
            Assert.Equal(prompt, view.Result?.GetProperty("echo").GetString());
        }
        var ids = acknowledged.Select(a => a.Id).ToHashSet();
        Assert.Equal(acknowledged.Select(a => a.Id), worker.Received.Select(r => r.RequestId).Distinct().Where(ids.Contains));
        Assert.False(worker.Overlapped);
        // The watcher saw seqs grow by one, except across a subscription that answered reset: true.
        var entries = watcher.Entries;
        var gaps = entries.Zip(entries.Skip(1)).Where(p => !p.Second.IsReset && p.Second.Seq != p.First.Seq + 1).ToList();
        Assert.True(gaps.Count == 0, $"gaps without a reset: {string.Join(", ", gaps.Select(g => $"{g.First.Seq}->{g.Second.Seq}"))}");

        // After the third restart a new event reaches a subscriber on every host and the resuming one, and no owner or
        // directory still holds a host that is gone: nothing is sent to one (which would log a failed delivery).
        var outputsBefore = cluster.Nodes.ToDictionary(n => n, n => n.Output.Length);
        var perHost = new List<ChannelWatcher>();
        try
        {
            for (var i = 0; i < ClusterFixture.WebHostCount; i++)
            {
                perHost.Add(await ChannelWatcher.StartAsync(cluster.WebHost(i).BaseUrl, admin, channel));
            }
            var before = Math.Max(watcher.LastSeq, perHost.SelectMany(w => w.Events).Select(e => e.Seq).DefaultIfEmpty(0).Max());
            var last = await admin.SubmitOkAsync(space.Id, "after-the-third-restart");
            await admin.CompletedAsync(last.RequestId);
            for (var i = 0; i < perHost.Count; i++)
            {
                var host = perHost[i];
                await Wait.UntilAsync(
                    () => Task.FromResult(host.Events.Any(e => e.Seq > before)), $"the new event on {cluster.WebHost(i).Name}", TimeSpan.FromSeconds(20));
            }
            await watcher.WaitPastAsync(before, "the new event at the resuming watcher", TimeSpan.FromSeconds(20));
        }
        finally
        {
            foreach (var host in perHost)
            {
                await host.DisposeAsync();
            }
        }
        await worker.StopAsync();
        Assert.True(WorkerTokens.TryParse(token, out var tokenId, out _));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync($"/api/tokens/{tokenId}")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a broadcast to a dead host would time out within its 2 s
        var stale = cluster.Nodes.Where(n => n.IsAlive)
            .Select(n => n.Output[(outputsBefore.TryGetValue(n, out var at) ? at : 0)..])
            .SelectMany(text => text.Split('\n'))
            .Where(line => line.Contains("Delivery to the relay on", StringComparison.Ordinal)
                || line.Contains("did not confirm a token revocation", StringComparison.Ordinal))
            .ToList();
        Assert.True(stale.Count == 0, string.Join(Environment.NewLine, stale));
    }

    /// <summary>Submits through the balancer every 200 ms; a 202 is acknowledged, anything else is a refusal the caller saw.</summary>
    private static async Task SubmitUntilStoppedAsync(
        ApiClient client, string spaceId, ConcurrentQueue<(string, string)> acknowledged, ConcurrentQueue<string> refusals, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var (id, prompt, outcome) = await ClusterFailoverTests.TrySubmitAsync(client, spaceId, $"rolling-{n}");
            if (id is not null)
            {
                acknowledged.Enqueue((id, prompt));
            }
            else
            {
                refusals.Enqueue(outcome);
            }
            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
