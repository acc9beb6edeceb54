using System.Net;
using System.Text.Json;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

public sealed class UserQueueLimitFixture : HostFixture
{
    public const int Limit = 3;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Spaces:Queue:MaxQueuedPerUser"] = $"{Limit}" };
}

/// <summary>One user cannot fill a space's queue: past their limit they get 429 <c>UserQueueLimit</c>, others still get in.</summary>
public sealed class UserQueueLimitTests(UserQueueLimitFixture fixture) : IClassFixture<UserQueueLimitFixture>
{
    private const int Parallel = 10;
    private static readonly string Detail = $"You already have {UserQueueLimitFixture.Limit} requests queued in this space; wait for some to finish";

    [Fact]
    public async Task ParallelSubmissions_FromOneUser_AcceptExactlyTheLimitAndRefuseTheRest_WhileAnotherUserGetsIn()
    {
        var host = fixture.Host;
        using var admin = await ApiClient.AdminAsync(host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("UserLimit"));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var worker = TestWorker.Start(host, await admin.CreateTokenAsync(space.Id), [space.Name], async (job, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return new { echo = job.Request.Prompt };
        });
        await worker.RegisteredAsync();
        // The worker is kept busy with someone else's request, so every one of the user's requests stays queued.
        var blocker = await admin.SubmitOkAsync(space.Id, "blocker");
        await Wait.UntilAsync(() => Task.FromResult(worker.Received.Any(r => r.RequestId == blocker.RequestId)), "the blocker to reach the worker");
        using var alice = await ApiClient.NewUserAsync(host);
        using var bob = await ApiClient.NewUserAsync(host);

        var answers = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => alice.SubmitAsync(space.Id, $"alice {i}")));

        var accepted = answers.Where(a => a.StatusCode == HttpStatusCode.Accepted).ToList();
        Assert.Equal(UserQueueLimitFixture.Limit, accepted.Count);
        foreach (var refused in answers.Except(accepted))
        {
            Assert.Equal(Detail, await ApiClient.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "UserQueueLimit"));
        }
        var form = await alice.Http.PostAsync($"/websockets/submit/{space.Id}", new MultipartFormDataContent { { new StringContent("form"), "prompt" } });
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        var compat = JsonSerializer.Deserialize<JsonElement>(await form.Content.ReadAsStringAsync());
        Assert.False(compat.GetProperty("success").GetBoolean());
        Assert.Equal("UserQueueLimit", compat.GetProperty("code").GetString());
        Assert.Equal(Detail, compat.GetProperty("error").GetString());
        var bobs = await bob.SubmitOkAsync(space.Id, "bob");
        Assert.Equal(UserQueueLimitFixture.Limit + 1, bobs.Position);
        Assert.Equal(UserQueueLimitFixture.Limit + 1, (await admin.GetSpaceAsync(space.Id)).QueueSize);

        release.SetResult();
        foreach (var answer in accepted)
        {
            await alice.CompletedAsync((await ApiClient.ReadAsync<RequestAccepted>(answer, HttpStatusCode.Accepted)).RequestId);
        }
        await bob.CompletedAsync(bobs.RequestId);
        await alice.CompletedAsync((await alice.SubmitOkAsync(space.Id, "alice again")).RequestId);
        // The refused submissions never reached the worker: only the accepted ones and the last one did.
        Assert.Equal(UserQueueLimitFixture.Limit + 1, worker.Received.Count(r => r.Prompt.StartsWith("alice", StringComparison.Ordinal)));
    }
}
