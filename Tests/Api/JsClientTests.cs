using System.Text.Json;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>The status hub against an independent client: the official SignalR JavaScript client under Node.</summary>
public sealed class JsClientTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task OfficialJsClient_FollowsARequest_ResumesAfterATransportDropWithNoGapOrDuplicate()
    {
        var host = fixture.Host;
        using var admin = await ApiClient.AdminAsync(host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("JsClient"));
        // The worker starts once the JS client listens: a slow Node start must not let the request end before it subscribes,
        // or the drop would come after the last event and nothing would need a reconnect.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var worker = TestWorker.Start(host, await admin.CreateTokenAsync(space.Id), [space.Name], async (job, ct) =>
        {
            await listening.Task.WaitAsync(ct);
            for (var step = 1; step <= 12; step++)
            {
                await Task.Delay(100, ct);
                await job.ReportProgressAsync(step * 8, $"step {step}", ct);
            }
            return new { done = true };
        });
        await worker.RegisteredAsync();
        using var user = await ApiClient.NewUserAsync(host);
        var accepted = await user.SubmitOkAsync(space.Id, "follow me");

        using var folder = new TempFolder();
        var subscribed = Path.Combine(folder.Path, "subscribed");
        var following = ExternalProcess.RunNodeScriptAsync(
            "status-resume.mjs", [host.BaseUrl, user.CookieHeader, Channels.Request(accepted.RequestId), "3", "0"],
            "the JS client to see the request finish", environment: new Dictionary<string, string> { ["SUBSCRIBED_FILE"] = subscribed });
        await Wait.UntilAsync(() => Task.FromResult(File.Exists(subscribed) || following.IsCompleted), "the JS client to subscribe");
        listening.SetResult();
        var stdout = await following;

        var outcome = JsonSerializer.Deserialize<JsonElement>(stdout.Trim().Split('\n')[^1]);
        Assert.True(outcome.GetProperty("dropped").GetBoolean(), "the transport was not dropped");
        Assert.True(outcome.GetProperty("reconnected").GetBoolean(), $"the client did not reconnect: {stdout}");
        var events = outcome.GetProperty("received").EnumerateArray().ToList();
        var seqs = events.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        Assert.Contains(events, e => e.GetProperty("afterReconnect").GetBoolean() && e.GetProperty("type").GetString() == EventTypes.Progress);
        Assert.Equal(EventTypes.Completed, events[^1].GetProperty("type").GetString());
        Assert.Equal(EventTypes.Queued, events[0].GetProperty("type").GetString());
    }
}
