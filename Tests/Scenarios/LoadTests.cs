using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Scenarios;

public sealed class LoadTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task TenUsersTimesTwentyRequests_AtOnce_AllCompleteOnceInEachUsersOrder()
    {
        const int Users = 10;
        const int PerUser = 20;
        var host = fixture.Host;
        using var admin = await ApiClient.AdminAsync(host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Load"));
        await using var worker = TestWorker.Start(host, await admin.CreateTokenAsync(space.Id), [space.Name]);
        await worker.RegisteredAsync();
        var users = await Task.WhenAll(Enumerable.Range(0, Users).Select(_ => ApiClient.NewUserAsync(host)));

        // Every user submits at the same time; each user's own requests go one after another, so each has an order to keep.
        var accepted = await Task.WhenAll(users.Select(async (user, u) =>
        {
            var ids = new List<string>();
            for (var i = 0; i < PerUser; i++)
            {
                ids.Add((await user.SubmitOkAsync(space.Id, $"{u}:{i}")).RequestId);
            }
            return ids;
        }));
        await Wait.UntilAsync(() => Task.FromResult(worker.Received.Count >= Users * PerUser), "all 200 requests to reach the worker", TimeSpan.FromSeconds(60));
        var views = await Task.WhenAll(users.Select((user, u) => Task.WhenAll(accepted[u].Select(async id =>
        {
            RequestView? view = null;
            await Wait.UntilAsync(async () => RequestStatuses.IsFinished((view = await user.GetRequestAsync(id)).Status), $"request {id} to finish");
            return view!;
        }))));

        Assert.All(views.SelectMany(v => v), v => Assert.Equal(RequestStatuses.Completed, v.Status));
        var received = worker.Received.Select(r => r.Prompt).ToList();
        Assert.Equal(Users * PerUser, received.Count);
        Assert.Equal(received.Count, received.Distinct().Count());
        for (var u = 0; u < Users; u++)
        {
            var mine = received.Where(p => p.StartsWith($"{u}:", StringComparison.Ordinal)).Select(p => int.Parse(p.Split(':')[1])).ToList();
            Assert.Equal(Enumerable.Range(0, PerUser), mine);
        }
        Assert.False(worker.Overlapped, "two requests of one space were processed at once");
        Assert.Equal(0, (await admin.GetSpaceAsync(space.Id)).QueueSize);
    }
}
