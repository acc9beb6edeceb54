using System.Text.Json;

namespace Spaces.Tests.Infrastructure;

/// <summary>What the official JS client saw on one channel (see Tests/js/status-resume.mjs).</summary>
public sealed record FollowedEvent(long Seq, string Type, bool AfterReconnect, JsonElement Data);

public static class JsFollower
{
    /// <summary>Follows <paramref name="channel"/> after <paramref name="afterSeq"/> until a terminal event; drops the transport after <paramref name="dropAfter"/> events (0: never).</summary>
    public static async Task<IReadOnlyList<FollowedEvent>> FollowAsync(ApiClient user, string channel, long afterSeq = 0, int dropAfter = 0)
    {
        var stdout = await ExternalProcess.RunNodeScriptAsync(
            "status-resume.mjs",
            [user.Http.BaseAddress!.ToString().TrimEnd('/'), user.CookieHeader, channel, $"{dropAfter}", $"{afterSeq}"],
            $"the JS client to follow {channel} to its end");
        var outcome = JsonSerializer.Deserialize<JsonElement>(stdout.Trim().Split('\n')[^1]);
        return [.. outcome.GetProperty("received").EnumerateArray().Select(e => new FollowedEvent(
            e.GetProperty("seq").GetInt64(), e.GetProperty("type").GetString()!, e.GetProperty("afterReconnect").GetBoolean(), e.GetProperty("data").Clone()))];
    }

    /// <summary>Asserts seqs run from <paramref name="afterSeq"/> + 1 without a gap or a repeat.</summary>
    public static void AssertGapFree(IReadOnlyList<FollowedEvent> events, long afterSeq = 0) =>
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => afterSeq + i), events.Select(e => e.Seq));
}
