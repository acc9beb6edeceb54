using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterSpaceFlowTests(ClusterFixture cluster)
{
    private const int RequestCount = 5;
    private static readonly int[] ProgressSteps = [30, 60, 90];
    private static readonly TimeSpan FlowTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Requests_WorkerOnA_SubmitterOnB_WatchersOnC_EveryEventFlowsInOrderWithoutAGap()
    {
        var (hostA, hostB, hostC) = (cluster.WebHost(0), cluster.WebHost(1), cluster.WebHost(2));
        using var adminOnA = await cluster.AdminOnAsync(hostA.BaseUrl);
        var space = await adminOnA.CreateSpaceAsync($"flow-{Guid.NewGuid():N}"[..20], new SpaceInputs(File: true));
        var token = await adminOnA.CreateTokenAsync(space.Id);
        var submitterName = $"user{Guid.NewGuid():N}"[..20];
        var registered = await adminOnA.Http.PostAsJsonAsync("/api/auth/register", new { username = submitterName, password = ApiClient.NewUserPassword });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        using var submitterOnB = await ApiClient.SignInAsync(hostB.BaseUrl, submitterName, ApiClient.NewUserPassword);
        using var watcherOnC = await cluster.AdminOnAsync(hostC.BaseUrl);
        var spaceChannel = Channels.SpaceStatus(space.Id);
        await using var spaceWatcher = await ChannelWatcher.StartAsync(hostC.BaseUrl, watcherOnC, spaceChannel);

        // The worker holds every request until the watchers follow them all, so progress and results arrive live.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var returned = new ConcurrentDictionary<string, JsonElement>();
        await using var worker = TestWorker.Start(hostA.BaseUrl, token, [space.Name], async (job, ct) =>
        {
            await release.Task.WaitAsync(ct);
            foreach (var step in ProgressSteps)
            {
                await job.ReportProgressAsync(step, $"step {step}", ct);
            }
            var file = Assert.Single(job.Request.Files);
            var bytes = await job.ReadFileAsync(file, ct);
            var result = new { echo = job.Request.Prompt, file = file.Name, sha256 = Convert.ToHexString(SHA256.HashData(bytes)), attempt = job.Request.Attempt };
            returned[job.Request.RequestId] = JsonSerializer.SerializeToElement(result);
            return result;
        });
        var registration = Assert.Single(await worker.RegisteredAsync());
        Assert.Equal(space.Id, registration.SpaceId);

        var submitted = new List<(string RequestId, string Prompt, byte[] File)>();
        for (var i = 0; i < RequestCount; i++)
        {
            var file = Encoding.UTF8.GetBytes($"file {i} of {space.Id}: " + new string((char)('a' + i), 2_000 + i));
            var response = await submitterOnB.SubmitMultipartAsync(space.Id, $"prompt {i}", ("file", $"input-{i}.txt", "text/plain", file));
            var accepted = await ApiClient.ReadAsync<RequestAccepted>(response, HttpStatusCode.Accepted);
            submitted.Add((accepted.RequestId, $"prompt {i}", file));
        }
        var requestChannels = submitted.Select(s => Channels.Request(s.RequestId)).ToList();
        var requestWatchers = new List<ChannelWatcher>();
        foreach (var channel in requestChannels)
        {
            requestWatchers.Add(await ChannelWatcher.StartAsync(hostC.BaseUrl, watcherOnC, channel, EventTypes.Completed, EventTypes.Failed));
        }
        await using var js = await JsChannelFollower.StartAsync(hostC.BaseUrl, watcherOnC, [spaceChannel, .. requestChannels]);
        try
        {
            release.SetResult();
            foreach (var (watcher, i) in requestWatchers.Select((w, i) => (w, i)))
            {
                await watcher.WaitEndAsync($"the .NET watcher on C to see request {i} end", FlowTimeout);
            }
            var views = new List<RequestView>();
            foreach (var (requestId, _, _) in submitted)
            {
                views.Add(await submitterOnB.CompletedAsync(requestId));
            }
            // The space's channel ends where a fresh read of it on another host says it stands now.
            var lastSpaceSeq = await CurrentSeqAsync(hostB.BaseUrl, submitterOnB, spaceChannel);
            await Wait.UntilAsync(() => Task.FromResult(spaceWatcher.Events.LastOrDefault()?.Seq >= lastSpaceSeq), "the .NET watcher on C to see the space's last event", FlowTimeout);
            await js.WaitUntilAsync(
                f => requestChannels.All(c => f.EventsOf(c).Any(e => e.Type is EventTypes.Completed or EventTypes.Failed))
                    && f.EventsOf(spaceChannel).LastOrDefault()?.Seq >= lastSpaceSeq,
                "the JS client on C to see every request end and the space's last event",
                FlowTimeout);
            await js.StopAsync();

            // FIFO, once each, first attempt: the worker on A got them in the order B submitted them.
            Assert.Equal(submitted.Select(s => s.RequestId), worker.Received.Select(r => r.RequestId));
            Assert.All(worker.Received, r => Assert.Equal(1, r.Attempt));
            Assert.False(worker.Overlapped);
            foreach (var ((requestId, prompt, file), view) in submitted.Zip(views))
            {
                var expected = JsonSerializer.SerializeToElement(new
                {
                    echo = prompt, file = view.Files.Single().Name, sha256 = Convert.ToHexString(SHA256.HashData(file)), attempt = 1,
                });
                AssertSameJson(expected, returned[requestId], $"what the worker returned for {requestId}");
                AssertSameJson(expected, view.Result!.Value, $"the result B shows for {requestId}");
            }

            var spaceEvents = spaceWatcher.Events.ToList();
            AssertGapFree(spaceChannel, spaceEvents);
            Assert.Equal(spaceEvents.Select(e => (e.Seq, e.Type)), js.EventsOf(spaceChannel).Select(e => (e.Seq, e.Type)));
            Assert.Equal(EventTypes.WorkerConnected, spaceEvents[0].Type);
            var queueSizes = spaceEvents.Where(e => e.Type == EventTypes.QueueChanged).Select(e => e.Data.GetProperty("queue_size").GetInt32()).ToList();
            // One in flight, the rest queued, all done.
            Assert.Contains(RequestCount - 1, queueSizes);
            Assert.Equal(0, queueSizes[^1]);

            foreach (var ((requestId, _, _), i) in submitted.Select((s, i) => (s, i)))
            {
                var channel = Channels.Request(requestId);
                var seen = requestWatchers[i].Events.ToList();
                AssertGapFree(channel, seen);
                Assert.Equal(seen.Select(e => (e.Seq, e.Type)), js.EventsOf(channel).Select(e => (e.Seq, e.Type)));
                Assert.Equal(EventTypes.Queued, seen[0].Type);
                Assert.Equal(EventTypes.Completed, seen[^1].Type);
                Assert.Single(seen, e => e.Type == EventTypes.Completed);
                var progress = seen.Where(e => e.Type == EventTypes.Progress).Select(e => e.Data.GetProperty("progress").GetDouble()).ToList();
                Assert.True(progress.Zip(progress.Skip(1)).All(p => p.First <= p.Second), $"{channel} progress: {string.Join(",", progress)}");
                Assert.Subset(progress.ToHashSet(), ProgressSteps.Select(s => (double)s).ToHashSet());
                AssertSameJson(returned[requestId], seen[^1].Data.GetProperty("result"), $"the result on {channel}");
                AssertSameJson(returned[requestId], js.EventsOf(channel)[^1].Data.GetProperty("result"), $"the result the JS client saw on {channel}");
            }
        }
        finally
        {
            foreach (var watcher in requestWatchers)
            {
                await watcher.DisposeAsync();
            }
        }
    }

    private static void AssertSameJson(JsonElement expected, JsonElement actual, string what) =>
        Assert.True(JsonElement.DeepEquals(expected, actual), $"{what}: expected {expected.GetRawText()}, got {actual.GetRawText()}");

    /// <summary>Seqs start at 1 and grow by one: no gap, no repeat.</summary>
    private static void AssertGapFree(string channel, IReadOnlyList<WatchedEvent> events) =>
        Assert.True(
            events.Select(e => e.Seq).SequenceEqual(Enumerable.Range(1, events.Count).Select(i => (long)i)),
            $"{channel}: {string.Join(", ", events.Select(e => $"{e.Seq}:{e.Type}"))}");

    /// <summary>The channel's seq as its owner answers a new subscriber now.</summary>
    private static async Task<long> CurrentSeqAsync(string baseUrl, ApiClient user, string channel)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl($"{baseUrl}/hubs/status", o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.Headers["Cookie"] = user.CookieHeader;
            })
            .Build();
        await Wait.ForAsync(connection.StartAsync(), $"a subscriber to connect to {baseUrl}");
        var answer = await Wait.ForAsync(connection.InvokeAsync<JsonElement>("Subscribe", channel, -1L), $"a read of {channel}");
        return answer.GetProperty("seq").GetInt64();
    }
}
